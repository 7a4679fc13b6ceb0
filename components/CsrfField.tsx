import { useContext } from "preact/hooks";
import { SessionContext } from "./session.ts";
import { CSRF_FIELD } from "../lib/shared/cookie_names.ts";

/** The hidden CSRF field every POST form on a page must include. */
export function CsrfField() {
  const { csrfToken } = useContext(SessionContext);
  return <input type="hidden" name={CSRF_FIELD} value={csrfToken ?? ""} />;
}
