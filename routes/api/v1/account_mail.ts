import { createRoute, type OpenAPIHono, type RouteConfig } from "@hono/zod-openapi";
import { z } from "zod";
import {
  confirmEmailChange,
  MAIL_ANSWERS,
  requestEmailChange,
  requestPasswordReset,
  resendVerification,
  resetPassword,
  verifyEmail,
} from "../../../lib/auth/mod.ts";
import {
  emailChangeSchema,
  forgotPasswordSchema,
  linkTokenSchema,
  resetPasswordSchema,
} from "../../../lib/auth/schemas.ts";
import { requireUser } from "../../../middleware/auth.ts";
import { clientIp } from "../../../middleware/rate_limit.ts";
import { clearSessionCookies } from "../../../middleware/session_cookies.ts";
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

const tags = ["auth"];
const accepted = z.object({ status: z.literal("accepted"), message: z.string() }).meta({
  id: "MailAccepted",
  description: "The request was taken; a message goes out if there is one to send.",
});
const ACCEPTED = (message: string) => ({ status: "accepted" as const, message });

function post(
  path: string,
  meta: {
    operationId: string;
    summary: string;
    body?: z.ZodType;
    ok: 200 | 202 | 204;
    okSchema?: z.ZodType;
    signedIn?: boolean;
  },
) {
  return createRoute({
    method: "post",
    path,
    operationId: meta.operationId,
    tags,
    summary: meta.summary,
    security: meta.signedIn ? SIGNED_IN : ANYONE,
    middleware: meta.signedIn ? requireUser() : undefined,
    request: meta.body ? { body: jsonBody(meta.body) } : undefined,
    responses: {
      [meta.ok]: meta.okSchema
        ? json(meta.okSchema, "Done.")
        : { description: "Done; every session has ended." },
      ...errors(400, 401, 403, 409, 413, 429),
    },
  });
}

const verify = post("/api/v1/auth/verify", {
  operationId: "verifyEmail",
  summary: "Confirm an email address with the mailed link's token",
  body: linkTokenSchema,
  ok: 200,
  okSchema: z.object({ verified: z.literal(true) }),
});
const resend = post("/api/v1/auth/verify/resend", {
  operationId: "resendVerification",
  summary: "Mail a new verification link",
  ok: 202,
  okSchema: accepted,
  signedIn: true,
});
const forgot = post("/api/v1/auth/password/forgot", {
  operationId: "forgotPassword",
  summary: "Mail a password-reset link (answers alike whether or not the address has an account)",
  body: forgotPasswordSchema,
  ok: 202,
  okSchema: accepted,
});
const reset = post("/api/v1/auth/password/reset", {
  operationId: "resetPassword",
  summary: "Set a new password with the mailed link's token (ends every session)",
  body: resetPasswordSchema,
  ok: 204,
});
const changeEmail = post("/api/v1/users/me/email", {
  operationId: "changeEmail",
  summary: "Ask to move the account to a new address (a link is mailed there)",
  body: emailChangeSchema,
  ok: 202,
  okSchema: accepted,
  signedIn: true,
});
const confirmEmail = post("/api/v1/users/me/email/confirm", {
  operationId: "confirmEmailChange",
  summary: "Confirm the new address with the mailed link's token",
  body: linkTokenSchema,
  ok: 200,
  okSchema: z.object({ email: z.string() }),
});

/**
 * The mail-backed account API: verification, password reset, email change.
 * Every route that mails is limited per IP here and per address in lib/auth.
 */
export function accountMailApiRoutes(deps: AuthRouteDeps): OpenAPIHono {
  const app = apiRouter();
  const limited = <R extends RouteConfig>(route: R, name: string) =>
    withBodyReadByHandler(app, {
      ...route,
      middleware: [...[route.middleware ?? []].flat(), credentialLimit(deps, name)],
    });
  const ip = (c: Parameters<typeof clientIp>[0]) => clientIp(c, deps);
  return app
    .openapi(limited(verify, "verify-ip"), async (c) => {
      const { token } = validate(linkTokenSchema, await readJson(c));
      await verifyEmail(deps.auth, token);
      return c.json({ verified: true as const }, 200);
    })
    .openapi(limited(resend, "mail-resend-ip"), async (c) => {
      await resendVerification(deps.auth, c.get("user")!.id, { ip: ip(c) });
      return c.json(ACCEPTED(MAIL_ANSWERS.resend), 202);
    })
    .openapi(limited(forgot, "forgot-ip"), async (c) => {
      const { email } = validate(forgotPasswordSchema, await readJson(c));
      await requestPasswordReset(deps.auth, email, { ip: ip(c) });
      return c.json(ACCEPTED(MAIL_ANSWERS.reset), 202);
    })
    .openapi(limited(reset, "reset-ip"), async (c) => {
      const input = validate(resetPasswordSchema, await readJson(c));
      await resetPassword(deps.auth, input);
      clearSessionCookies(c);
      return c.body(null, 204);
    })
    .openapi(limited(changeEmail, "email-change-ip"), async (c) => {
      const input = validate(emailChangeSchema, await readJson(c));
      await requestEmailChange(deps.auth, { ...input, userId: c.get("user")!.id }, { ip: ip(c) });
      return c.json(ACCEPTED(MAIL_ANSWERS.change), 202);
    })
    .openapi(limited(confirmEmail, "email-confirm-ip"), async (c) => {
      const { token } = validate(linkTokenSchema, await readJson(c));
      const { email } = await confirmEmailChange(deps.auth, token);
      return c.json({ email }, 200);
    });
}
