import type { Context, MiddlewareHandler } from "hono";
import type { AuthContext } from "../lib/auth/mod.ts";
import { clientIp, rateLimit } from "../middleware/rate_limit.ts";

/** What the auth routes share: the domain context and the per-IP limit on credentials. */
export interface AuthRouteDeps {
  auth: AuthContext;
  kv: Deno.Kv;
  trustProxy: boolean;
  /** Sign-in/sign-up attempts per IP per window. */
  ipLimit: { limit: number; windowMs: number };
}

/** Per-IP limit for a credential endpoint (its own counter per `name`). */
export function credentialLimit(deps: AuthRouteDeps, name: string): MiddlewareHandler {
  return rateLimit({
    kv: deps.kv,
    name,
    ...deps.ipLimit,
    key: (c: Context) => clientIp(c, { trustProxy: deps.trustProxy }),
  });
}

/** A same-site path to go back to after signing in; anything else becomes "/". */
export function safeNext(next: unknown): string {
  return typeof next === "string" && /^\/(?![/\\])[^\s]*$/.test(next) && next.length < 500
    ? next
    : "/";
}
