import { useContext } from "preact/hooks";
import { SessionContext } from "./session.ts";

/** The hidden CSRF field every POST form on a page must include. */
export function CsrfField() {
  const { csrfToken } = useContext(SessionContext);
  return <input type="hidden" name="_csrf" value={csrfToken ?? ""} />;
}
