import { createContext } from "preact";
import type { SessionUser } from "../lib/auth/mod.ts";

/** What every page knows about the request: who is signed in, and the CSRF token for forms. */
export interface PageSession {
  user?: SessionUser;
  csrfToken?: string;
}

/** Filled by routes/_render.tsx page() for every page; read by Layout and forms. */
export const SessionContext = createContext<PageSession>({});
