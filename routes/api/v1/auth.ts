import { createRoute, type OpenAPIHono, type RouteConfig } from "@hono/zod-openapi";
import type { Context } from "hono";
import { z } from "zod";
import {
  changePassword,
  logIn,
  logOut,
  refreshSession,
  type Session,
  signOutEverywhere,
  signUp,
  SIGNUP_ACCEPTED,
} from "../../../lib/auth/mod.ts";
import {
  changePasswordSchema,
  loginSchema,
  refreshSchema,
  signupSchema,
} from "../../../lib/auth/schemas.ts";
import { AuthenticationError } from "../../../lib/errors.ts";
import { completeSecondFactor } from "../../../lib/two_factor/mod.ts";
import { secondStepSchema } from "../../../lib/two_factor/schemas.ts";
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
import {
  ANYONE,
  apiRouter,
  errors,
  json,
  jsonBody,
  SIGNED_IN,
  withBodyReadByHandler,
} from "./_openapi.ts";
import { sessionUserSchema } from "./_schemas.ts";

const tags = ["auth"];
const sessionResponse = z.union([
  z.object({
    user: sessionUserSchema,
    csrfToken: z.string().optional().meta({
      description: "Also set as the CSRF cookie; send it in the CSRF header on writes.",
    }),
  }).meta({ id: "CookieSession", description: "Cookie mode: the session is in HttpOnly cookies." }),
  z.object({
    user: sessionUserSchema,
    tokenType: z.literal("Bearer"),
    accessToken: z.string(),
    accessTokenExpiresAt: z.number().int().meta({ description: "Unix seconds." }),
    refreshToken: z.string(),
    refreshTokenExpiresAt: z.number().int().meta({ description: "Unix seconds." }),
  }).meta({ id: "TokenSession", description: 'Token mode (`"session": "token"`).' }),
]);

function signIn(
  path: string,
  meta: { operationId: string; summary: string; body: z.ZodType; status: 200 | 201 },
) {
  return createRoute({
    method: "post",
    path,
    operationId: meta.operationId,
    tags,
    summary: meta.summary,
    security: ANYONE,
    request: { body: jsonBody(meta.body) },
    responses: {
      [meta.status]: json(sessionResponse, "Signed in."),
      ...errors(400, 401, 403, 409, 413, 429),
    },
  });
}

const signup = createRoute({
  method: "post",
  path: "/api/v1/auth/signup",
  operationId: "signUp",
  tags,
  summary: "Ask for an account (answers alike for a new or a taken address; then sign in)",
  security: ANYONE,
  request: { body: jsonBody(signupSchema) },
  responses: {
    202: json(
      z.object({ status: z.literal("pending"), message: z.string() }).meta({
        id: "SignUpAccepted",
      }),
      "Accepted: a new account gets a verification mail, a taken address's owner a notice.",
    ),
    ...errors(400, 403, 413, 429),
  },
});
const secondFactorRequired = z.object({
  secondFactor: z.object({
    challenge: z.string(),
    expiresAt: z.number().int().meta({ description: "Unix seconds." }),
  }),
}).meta({
  id: "SecondFactorRequired",
  description: "The password is right; POST the challenge and a code to " +
    "/api/v1/auth/login/second-factor. No session exists yet.",
});
const login = createRoute({
  method: "post",
  path: "/api/v1/auth/login",
  operationId: "logIn",
  tags,
  summary: "Sign in (two-factor accounts: 202 with a challenge for the second step)",
  security: ANYONE,
  request: { body: jsonBody(loginSchema) },
  responses: {
    // Keys typed as numbers, as signIn() does: respond() answers 200 or 201.
    [200 as number]: json(sessionResponse, "Signed in."),
    [202 as number]: json(secondFactorRequired, "A second factor is needed."),
    ...errors(400, 401, 403, 409, 413, 429),
  },
});
const secondFactor = signIn("/api/v1/auth/login/second-factor", {
  operationId: "logInSecondFactor",
  summary: "Sign in, second step: the challenge and a code from the app or a recovery code",
  body: secondStepSchema,
  status: 200,
});
const refresh = signIn("/api/v1/auth/refresh", {
  operationId: "refreshSession",
  summary: "A fresh access token (rotates the refresh token)",
  body: refreshSchema,
  status: 200,
});
const password = createRoute({
  ...signIn("/api/v1/auth/password", {
    operationId: "changePassword",
    summary: "Change the password (ends every other session)",
    body: changePasswordSchema,
    status: 200,
  }),
  security: SIGNED_IN,
  middleware: requireUser(),
});
const signedOut = { description: "Signed out; the cookies are cleared." };
const logout = createRoute({
  method: "post",
  path: "/api/v1/auth/logout",
  operationId: "logOut",
  tags,
  summary: "Sign out this session",
  security: ANYONE,
  request: { body: jsonBody(refreshSchema) },
  responses: { 204: signedOut, ...errors(400, 403, 413, 429) },
});
const logoutAll = createRoute({
  method: "post",
  path: "/api/v1/auth/logout-all",
  operationId: "logOutEverywhere",
  tags,
  summary: "Sign out every session",
  security: SIGNED_IN,
  middleware: requireUser(),
  responses: { 204: signedOut, ...errors(401, 403, 429) },
});
const me = createRoute({
  method: "get",
  path: "/api/v1/auth/me",
  operationId: "getMe",
  tags,
  summary: "The signed-in user",
  security: SIGNED_IN,
  middleware: requireUser(),
  responses: {
    200: json(z.object({ user: sessionUserSchema }), "The user."),
    ...errors(401, 429),
  },
});

/**
 * /api/v1/auth: signup, login, refresh, logout, me, password, logout-all.
 * Browsers get HttpOnly cookies and `{user}`; a client that asks for
 * `"session": "token"` gets the tokens in the body instead (for Bearer use).
 */
export function authApiRoutes(deps: AuthRouteDeps): OpenAPIHono {
  const app = apiRouter();
  const limited = <R extends RouteConfig>(route: R, name: string) =>
    withBodyReadByHandler(app, { ...route, middleware: credentialLimit(deps, name) });
  return app
    .openapi(limited(signup, "signup-ip"), async (c) => {
      const input = validate(signupSchema, await readJson(c));
      await signUp(deps.auth, input, { ip: clientIp(c, deps) });
      return c.json(SIGNUP_ACCEPTED, 202);
    })
    .openapi(limited(login, "login-ip"), async (c) => {
      const input = validate(loginSchema, await readJson(c));
      const session = await logIn(deps.auth, input, {
        userAgent: c.req.header("user-agent"),
        ip: clientIp(c, deps),
      });
      if ("secondFactor" in session) return c.json(session, 202);
      return respond(c, session, input.session, 200);
    })
    .openapi(limited(secondFactor, "second-factor-ip"), async (c) => {
      const input = validate(secondStepSchema, await readJson(c));
      const session = await completeSecondFactor(deps.auth, input, {
        userAgent: c.req.header("user-agent"),
        ip: clientIp(c, deps),
      });
      return respond(c, session, input.session, 200);
    })
    .openapi(limited(refresh, "refresh-ip"), async (c) => {
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
    .openapi(withBodyReadByHandler(app, logout), async (c) => {
      const body = validate(refreshSchema, await readJson(c));
      await logOut(deps.auth, body.refreshToken ?? readSessionCookies(c).refresh, {
        sessionId: c.get("session")?.claims.sessionId,
      });
      clearSessionCookies(c);
      return c.body(null, 204);
    })
    .openapi(me, (c) => c.json({ user: c.get("user")! }, 200))
    .openapi(withBodyReadByHandler(app, password), async (c) => {
      const input = validate(changePasswordSchema, await readJson(c));
      const session = await changePassword(deps.auth, c.get("user")!.id, input, {
        userAgent: c.req.header("user-agent"),
      });
      return respond(c, session, c.get("authVia") === "bearer" ? "token" : "cookie", 200);
    })
    .openapi(logoutAll, async (c) => {
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
) {
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
