import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import {
  confirmSetup,
  disableTwoFactor,
  RECOVERY_CODE_COUNT,
  resetTwoFactor,
  startSetup,
  twoFactorStatus,
} from "../../../lib/two_factor/mod.ts";
import { confirmSchema, disableSchema } from "../../../lib/two_factor/schemas.ts";
import { requireRole, requireUser } from "../../../middleware/auth.ts";
import { clientIp } from "../../../middleware/rate_limit.ts";
import { type AuthRouteDeps, credentialLimit } from "../../_auth_deps.ts";
import { readJson } from "../../_body.ts";
import { auditActor } from "../../_audit_actor.ts";
import { validate } from "../../_validate.ts";
import { apiRouter, errors, json, jsonBody, SIGNED_IN, withBodyReadByHandler } from "./_openapi.ts";

const tags = ["two-factor"];
const me = { tags, security: SIGNED_IN, middleware: requireUser() };
const statusSchema = z.object({
  enabled: z.boolean(),
  pending: z.boolean().meta({ description: "Set up but not yet confirmed with a code." }),
  recoveryCodesLeft: z.number().int(),
}).meta({ id: "TwoFactorStatus" });

const status = createRoute({
  ...me,
  method: "get",
  path: "/api/v1/users/me/two-factor",
  operationId: "getTwoFactor",
  summary: "Whether two-factor sign-in is on, and recovery codes left",
  responses: { 200: json(statusSchema, "The status."), ...errors(401, 429) },
});
const setup = createRoute({
  ...me,
  method: "post",
  path: "/api/v1/users/me/two-factor/setup",
  operationId: "startTwoFactorSetup",
  summary: "Start setup: a new secret to scan or type into an authenticator app",
  responses: {
    200: json(
      z.object({
        secret: z.string().meta({ description: "Base32, for typing into the app." }),
        otpauthUrl: z.string(),
        qrSvg: z.string().meta({ description: "The otpauth URL as an SVG QR code." }),
      }),
      "The pending secret; confirm it with a code.",
    ),
    ...errors(401, 403, 409, 429),
  },
});
const confirm = createRoute({
  ...me,
  method: "post",
  path: "/api/v1/users/me/two-factor/confirm",
  operationId: "confirmTwoFactor",
  summary: "Turn two-factor on with a code from the app; returns the recovery codes once",
  request: { body: jsonBody(confirmSchema) },
  responses: {
    200: json(
      z.object({
        recoveryCodes: z.array(z.string()).meta({
          description: `${RECOVERY_CODE_COUNT} single-use codes; shown only now.`,
        }),
      }),
      "Two-factor is on.",
    ),
    ...errors(400, 401, 403, 409, 413, 429),
  },
});
const disable = createRoute({
  ...me,
  method: "post",
  path: "/api/v1/users/me/two-factor/disable",
  operationId: "disableTwoFactor",
  summary: "Turn two-factor off (password and a code from the app or a recovery code)",
  request: { body: jsonBody(disableSchema) },
  responses: {
    204: { description: "Two-factor is off." },
    ...errors(400, 401, 403, 409, 413, 429),
  },
});
const reset = createRoute({
  tags,
  security: SIGNED_IN,
  middleware: requireRole("admin"),
  method: "post",
  path: "/api/v1/admin/users/{id}/two-factor/reset",
  operationId: "resetUserTwoFactor",
  summary: "Turn a user's two-factor off and end their sessions (admins)",
  request: { params: z.object({ id: z.uuid("Not a user id.") }) },
  responses: {
    204: { description: "Reset." },
    ...errors(400, 401, 403, 404, 409, 429),
  },
});

/** /api/v1/users/me/two-factor (set up, confirm, disable, status) and the admin reset. */
export function twoFactorApiRoutes(deps: AuthRouteDeps): OpenAPIHono {
  const app = apiRouter();
  const limited = credentialLimit(deps, "two-factor-ip");
  return app
    .openapi(status, async (c) => {
      c.header("Cache-Control", "private, no-store");
      return c.json(await twoFactorStatus(deps.auth, c.get("user")!.id), 200);
    })
    .openapi(setup, async (c) => {
      c.header("Cache-Control", "private, no-store");
      const pending = await startSetup(deps.auth, c.get("user")!);
      return c.json({ secret: pending.secret, otpauthUrl: pending.uri, qrSvg: pending.qrSvg }, 200);
    })
    .openapi(
      withBodyReadByHandler(app, { ...confirm, middleware: [requireUser(), limited] }),
      async (c) => {
        const { code } = validate(confirmSchema, await readJson(c));
        c.header("Cache-Control", "private, no-store");
        return c.json(
          { recoveryCodes: await confirmSetup(deps.auth, c.get("user")!.id, code) },
          200,
        );
      },
    )
    .openapi(
      withBodyReadByHandler(app, { ...disable, middleware: [requireUser(), limited] }),
      async (c) => {
        const input = validate(disableSchema, await readJson(c));
        await disableTwoFactor(deps.auth, c.get("user")!.id, { ...input, ip: clientIp(c, deps) });
        return c.body(null, 204);
      },
    )
    .openapi(reset, async (c) => {
      await resetTwoFactor(deps.auth, c.req.valid("param").id, { actor: auditActor(c, deps) });
      return c.body(null, 204);
    });
}
