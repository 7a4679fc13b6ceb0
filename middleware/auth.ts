import type { Context, MiddlewareHandler } from "hono";
import {
  type AccessClaims,
  type AuthContext,
  checkSession,
  refreshSession,
  resolveAccessToken,
  type ResolvedSession,
  type Role,
  type SessionUser,
} from "../lib/auth/mod.ts";
import { RefreshRaceError } from "../lib/auth/accounts.ts";
import { AuthenticationError, PermissionError } from "../lib/errors.ts";
import { clearSessionCookies, readSessionCookies, setSessionCookies } from "./session_cookies.ts";

// Assets never need to know who asks; skipping them saves a query per file.
const SKIP = ["/static/", "/_islands/"];
// /metrics carries a scraper's Bearer token of its own (routes/metrics.ts), not a user's.
const OWN_TOKEN = new Set(["/metrics"]);

/**
 * Resolves who is calling and sets `c.get("user")` (undefined for nobody).
 * An `Authorization: Bearer` header wins and must be valid (401 otherwise).
 * Otherwise the access cookie is used; when it is missing or stale and a
 * refresh cookie is present, the session is refreshed transparently (new
 * cookies set) or, if it has ended, the cookies are cleared.
 */
export function authenticate(deps: { auth: AuthContext }): MiddlewareHandler {
  return async (c, next) => {
    c.set("user", undefined);
    c.set("authVia", undefined);
    c.set("session", undefined);
    if (SKIP.some((p) => c.req.path.startsWith(p)) || OWN_TOKEN.has(c.req.path)) {
      return await next();
    }
    const header = c.req.header("authorization");
    if (header !== undefined) {
      const m = /^Bearer +([\w.-]{1,4096})$/i.exec(header.trim());
      const resolved = m ? await resolveAccessToken(deps.auth, m[1]) : undefined;
      if (!resolved) {
        throw new AuthenticationError("The access token is not valid or has expired.");
      }
      signIn(c, deps.auth, resolved, "bearer");
      return await next();
    }
    const { access, refresh } = readSessionCookies(c);
    let resolved = access ? await resolveAccessToken(deps.auth, access) : undefined;
    if (!resolved && refresh) {
      try {
        const session = await refreshSession(deps.auth, refresh, {
          userAgent: c.req.header("user-agent"),
        });
        setSessionCookies(c, session.tokens);
        resolved = session;
      } catch (err) {
        if (!(err instanceof AuthenticationError)) throw err;
        // A concurrent request just rotated this token and set newer cookies: keep them.
        if (!(err instanceof RefreshRaceError)) clearSessionCookies(c);
      }
    } else if (!resolved && access) {
      clearSessionCookies(c);
    }
    if (resolved) signIn(c, deps.auth, resolved, "cookie");
    await next();
  };
}

function signIn(
  c: Context,
  auth: AuthContext,
  resolved: ResolvedSession,
  via: "cookie" | "bearer",
): void {
  c.set("user", resolved.user);
  c.set("authVia", via);
  const claims = resolved.claims;
  c.set("session", { claims, stillValid: async () => !!(await checkSession(auth, claims)) });
}

/**
 * Lets only signed-in callers through (AuthenticationError → 401). With
 * `signInPage`, a GET from a browser is redirected to the sign-in page instead.
 */
export function requireUser(options: { signInPage?: boolean } = {}): MiddlewareHandler {
  return async (c, next) => {
    if (!c.get("user")) {
      if (options.signInPage && c.req.method === "GET") {
        const url = new URL(c.req.url);
        return c.redirect(`/signin?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
      }
      throw new AuthenticationError();
    }
    await next();
  };
}

/** Lets only callers with one of `roles` through (401 if nobody, PermissionError → 403). */
export function requireRole(...roles: Role[]): MiddlewareHandler {
  return async (c, next) => {
    const user = c.get("user");
    if (!user) throw new AuthenticationError();
    if (!roles.includes(user.role)) throw new PermissionError();
    await next();
  };
}

declare module "hono" {
  interface ContextVariableMap {
    /** The signed-in user, or undefined. Set by authenticate(). */
    user: SessionUser | undefined;
    /** How the user was authenticated. */
    authVia: "cookie" | "bearer" | undefined;
    /**
     * The caller's session: its claims, and a re-check for long-lived
     * requests (event streams) that must end when the session does.
     */
    session: { claims: AccessClaims; stillValid(): Promise<boolean> } | undefined;
  }
}
