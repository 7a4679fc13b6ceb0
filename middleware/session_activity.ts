import type { MiddlewareHandler } from "hono";
import { touchSession } from "../lib/auth/device_sessions.ts";
import type { Sql } from "../lib/db/mod.ts";
import { clientIp } from "./rate_limit.ts";

/**
 * Notes when and from where each session was last used, for the device list
 * (/settings). Runs after authenticate(); touchSession writes at most once
 * every few minutes per session, so nearly every request costs nothing.
 */
export function sessionActivity(deps: { sql: Sql; trustProxy: boolean }): MiddlewareHandler {
  return async (c, next) => {
    const sessionId = c.get("session")?.claims.sessionId;
    if (sessionId) await touchSession(deps.sql, sessionId, { ip: clientIp(c, deps) });
    await next();
  };
}
