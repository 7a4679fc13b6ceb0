import { type Context, Hono } from "hono";
import { z } from "zod";
import {
  changePassword,
  logIn,
  logOut,
  refreshSession,
  type Session,
  signOutEverywhere,
  signUp,
} from "../../../lib/auth/mod.ts";
import {
  changePasswordSchema,
  loginSchema,
  refreshSchema,
  signupSchema,
} from "../../../lib/auth/schemas.ts";
import { AuthenticationError } from "../../../lib/errors.ts";
import { requireUser } from "../../../middleware/auth.ts";
import { csrfToken } from "../../../middleware/csrf.ts";
import { clientIp } from "../../../middleware/rate_limit.ts";
import {
  clearSessionCookies,
  readSessionCookies,
  setSessionCookies,
} from "../../../middleware/session_cookies.ts";
import { type AuthRouteDeps, credentialLimit } from "../../_auth_deps.ts";
import { readJson } from "../../_body.ts";
import { validate } from "../../_validate.ts";

/**
 * /api/v1/auth: signup, login, refresh, logout, me, password, logout-all.
 * Browsers get HttpOnly cookies and `{user}`; a client that asks for
 * `"session": "token"` gets the tokens in the body instead (for Bearer use).
 */
export function authApiRoutes(deps: AuthRouteDeps): Hono {
  return new Hono()
    .post("/api/v1/auth/signup", credentialLimit(deps, "signup-ip"), async (c) => {
      const input = validate(signupSchema, await readJson(c));
      const session = await signUp(deps.auth, input, { userAgent: c.req.header("user-agent") });
      return respond(c, session, input.session, 201);
    })
    .post("/api/v1/auth/login", credentialLimit(deps, "login-ip"), async (c) => {
      const input = validate(loginSchema, await readJson(c));
      const session = await logIn(deps.auth, input, {
        userAgent: c.req.header("user-agent"),
        ip: clientIp(c, deps),
      });
      return respond(c, session, input.session, 200);
    })
    .post("/api/v1/auth/refresh", credentialLimit(deps, "refresh-ip"), async (c) => {
      const body = validate(refreshSchema, await readJson(c));
      const token = body.refreshToken ?? readSessionCookies(c).refresh;
      if (!token) throw new AuthenticationError("No refresh token was sent.");
      try {
        const session = await refreshSession(deps.auth, token, {
          userAgent: c.req.header("user-agent"),
        });
        return respond(c, session, body.refreshToken ? "token" : "cookie", 200);
      } catch (err) {
        if (!body.refreshToken) clearSessionCookies(c);
        throw err;
      }
    })
    .post("/api/v1/auth/logout", async (c) => {
      const body = validate(refreshSchema, await readJson(c));
      await logOut(deps.auth, body.refreshToken ?? readSessionCookies(c).refresh, {
        sessionId: c.get("session")?.claims.sessionId,
      });
      clearSessionCookies(c);
      return c.body(null, 204);
    })
    .get("/api/v1/auth/me", requireUser(), (c) => c.json({ user: c.get("user") }))
    .post("/api/v1/auth/password", requireUser(), async (c) => {
      const input = validate(changePasswordSchema, await readJson(c));
      const session = await changePassword(deps.auth, c.get("user")!.id, input, {
        userAgent: c.req.header("user-agent"),
      });
      return respond(c, session, c.get("authVia") === "bearer" ? "token" : "cookie", 200);
    })
    .post("/api/v1/auth/logout-all", requireUser(), async (c) => {
      await signOutEverywhere(deps.auth, c.get("user")!.id);
      clearSessionCookies(c);
      return c.body(null, 204);
    });
}

const modeSchema = z.enum(["cookie", "token"]);

function respond(
  c: Context,
  session: Session,
  mode: z.infer<typeof modeSchema>,
  status: 200 | 201,
): Response {
  if (mode === "cookie") {
    setSessionCookies(c, session.tokens);
    // Also hand out the CSRF token (cookie + body) so that a client using only the API can
    // make its next state-changing request without loading a page first.
    return c.json({ user: session.user, csrfToken: csrfToken(c) || undefined }, status);
  }
  const t = session.tokens;
  return c.json({
    user: session.user,
    tokenType: "Bearer",
    accessToken: t.accessToken,
    accessTokenExpiresAt: t.accessExpiresAt,
    refreshToken: t.refreshToken,
    refreshTokenExpiresAt: t.refreshExpiresAt,
  }, status);
}
