import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { TIERS } from "../../../lib/billing/entitlement.ts";
import { GRANTABLE_TIERS, setGrantedTier } from "../../../lib/billing/tier_grant.ts";
import type { Sql } from "../../../lib/db/mod.ts";
import { requireRole } from "../../../middleware/auth.ts";
import { auditActor } from "../../_audit_actor.ts";
import { readJson } from "../../_body.ts";
import { validate } from "../../_validate.ts";
import {
  apiRouter,
  errors,
  idParam,
  json,
  jsonBody,
  SIGNED_IN,
  withBodyReadByHandler,
} from "./_openapi.ts";

const tierBody = z.object({
  tier: z.enum(GRANTABLE_TIERS).meta({
    description: "`creator` grants premium without a subscription; `free` takes it back " +
      "(the tier then follows the user's subscriptions).",
  }),
}).strict();

const setTier = createRoute({
  method: "put",
  path: "/api/v1/admin/users/{id}/tier",
  operationId: "setUserTier",
  tags: ["premium"],
  summary: "Grant a user the creator tier, or take it back (admins)",
  security: SIGNED_IN,
  middleware: requireRole("admin"),
  request: { params: idParam, body: jsonBody(tierBody) },
  responses: {
    200: json(z.object({ tier: z.enum(TIERS) }), "The user's tier now."),
    ...errors(400, 401, 403, 404, 413, 429),
  },
});

/** PUT /api/v1/admin/users/:id/tier (mounted only with premium configured). */
export function adminTierApiRoutes(
  deps: { sql: Sql; trustProxy: boolean; graceMs: number },
): OpenAPIHono {
  const app = apiRouter();
  return app.openapi(withBodyReadByHandler(app, setTier), async (c) => {
    const { id } = c.req.valid("param");
    const { tier } = validate(tierBody, await readJson(c));
    const now = await setGrantedTier(deps.sql, id, {
      tier,
      actor: auditActor(c, deps),
      graceMs: deps.graceMs,
    });
    return c.json({ tier: now }, 200);
  });
}
