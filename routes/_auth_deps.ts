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

const BASE = "http://next.invalid";

/**
 * A same-site path to go back to after signing in; anything else becomes "/".
 * It ends up in a Location header, so it must be printable ASCII: control
 * characters, spaces and backslashes are refused outright (browsers and URL
 * parsers drop or reinterpret them, e.g. "/\t/evil.example"), and the path is
 * re-serialised so that anything else non-ASCII is percent-encoded.
 */
export function safeNext(next: unknown): string {
  if (
    typeof next !== "string" || next.length >= 500 ||
    !/^\/(?![/\\])[\x21-\x7e\u00a0-\uffff]*$/.test(next) || next.includes("\\")
  ) {
    return "/";
  }
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return "/";
  }
  if (url.origin !== BASE) return "/";
  const path = `${url.pathname}${url.search}${url.hash}`;
  return /^\/(?![/\\])[\x21-\x7e]*$/.test(path) && path.length < 1000 ? path : "/";
}
