import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import type { Sql } from "../../../lib/db/mod.ts";
import { fileReport, openReportGroups } from "../../../lib/moderation/reports.ts";
import { reportSchema } from "../../../lib/moderation/schemas.ts";
import { findVisibleVideo } from "../../../lib/videos/access.ts";
import { requireRole, requireUser } from "../../../middleware/auth.ts";
import { rateLimit } from "../../../middleware/rate_limit.ts";
import { readJson } from "../../_body.ts";
import { validate } from "../../_validate.ts";
import { apiRouter, errors, json, jsonBody, SIGNED_IN, withBodyReadByHandler } from "./_openapi.ts";

const tags = ["moderation"];
const filed = z.object({ id: z.uuid().nullable(), created: z.boolean() });
const group = z.object({
  targetKind: z.string(),
  targetId: z.uuid(),
  label: z.string().nullable(),
  userId: z.uuid().nullable(),
  count: z.number().int(),
  reasons: z.array(z.string()),
  details: z.array(z.string()).nullable(),
  latestAt: z.iso.datetime(),
});

const create = createRoute({
  tags,
  security: SIGNED_IN,
  middleware: requireUser(),
  method: "post",
  path: "/api/v1/reports",
  operationId: "fileReport",
  summary: "Report a video, a comment or a user (one open report per target and reporter)",
  request: { body: jsonBody(reportSchema) },
  responses: {
    201: json(filed, "Filed."),
    200: json(filed, "Already reported by you; nothing added."),
    ...errors(400, 401, 403, 404, 413, 429),
  },
});
const list = createRoute({
  tags,
  security: SIGNED_IN,
  middleware: requireRole("moderator", "admin"),
  method: "get",
  path: "/api/v1/admin/reports",
  operationId: "listReports",
  summary: "Open reports grouped by target, most reported first (moderators)",
  request: { query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(50) }) },
  responses: {
    200: json(z.object({ groups: z.array(group) }), "Open reports."),
    ...errors(400, 401, 403, 429),
  },
});

/**
 * POST /api/v1/reports (signed in; `limit` per user per `windowMs`) and
 * GET /api/v1/admin/reports (moderators). Acting on reports: /admin/reports.
 */
export function reportApiRoutes(
  deps: { sql: Sql; kv: Deno.Kv; limit?: { limit: number; windowMs: number } },
): OpenAPIHono {
  const app = apiRouter();
  app.use(
    "/api/v1/reports",
    rateLimit({
      kv: deps.kv,
      name: "reports",
      ...(deps.limit ?? { limit: 10, windowMs: 10 * 60_000 }),
      key: (c) => c.req.method === "POST" ? c.get("user")?.id : undefined,
    }),
  );
  return app
    .openapi(withBodyReadByHandler(app, create), async (c) => {
      const input = validate(reportSchema, await readJson(c));
      const user = c.get("user")!;
      if (input.targetKind === "video") {
        await findVisibleVideo(deps.sql, { videoId: input.targetId, viewer: user });
      }
      const r = await fileReport(deps.sql, user.id, input);
      return c.json(r, r.created ? 201 : 200);
    })
    .openapi(list, async (c) => {
      const groups = await openReportGroups(deps.sql, c.req.valid("query"));
      c.header("Cache-Control", "private, no-store");
      return c.json({
        groups: groups.map((g) => ({ ...g, latestAt: g.latestAt.toISOString() })),
      }, 200);
    });
}
