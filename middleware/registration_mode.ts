import type { MiddlewareHandler } from "hono";
import type { Sql } from "../lib/db/mod.ts";
import { type InstanceSettings, readInstanceSettings } from "../lib/moderation/settings.ts";

/**
 * Puts the registration mode in force on the context (`c.get("registration")`)
 * for the sign-up page, which says which applies. Sign-up itself is enforced
 * in lib/auth (admitSignUp()), whatever the page shows.
 */
export function registrationMode(deps: { sql: Sql }): MiddlewareHandler {
  return async (c, next) => {
    c.set("registration", (await readInstanceSettings(deps.sql)).registration);
    await next();
  };
}

declare module "hono" {
  interface ContextVariableMap {
    /** The registration mode, on the sign-up routes (see registrationMode()). */
    registration: InstanceSettings["registration"] | undefined;
  }
}
