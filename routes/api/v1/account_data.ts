import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { requestAccountDeletion } from "../../../lib/account/deletion.ts";
import { exportAccountData } from "../../../lib/account/export_data.ts";
import {
  listSourceExports,
  requestSourceExport,
  type SourceExport,
  sourceExportUrl,
} from "../../../lib/account/source_export.ts";
import type { AuthContext } from "../../../lib/auth/mod.ts";
import { RateLimitError } from "../../../lib/errors.ts";
import { hitRateLimit } from "../../../lib/rate_limit.ts";
import type { Storage } from "../../../lib/storage/types.ts";
import { requireUser } from "../../../middleware/auth.ts";
import { clearSessionCookies } from "../../../middleware/session_cookies.ts";
import { readJson } from "../../_body.ts";
import { validate } from "../../_validate.ts";
import { apiRouter, errors, json, jsonBody, SIGNED_IN, withBodyReadByHandler } from "./_openapi.ts";

const tags = ["account"];
const mine = { tags, security: SIGNED_IN } as const;

const exportSchema = z.object({
  id: z.uuid(),
  state: z.enum(["pending", "complete", "error"]),
  parts: z.number().int(),
  sizeBytes: z.number(),
  videoCount: z.number().int(),
  error: z.string().nullable(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
}).meta({ id: "SourceExport" });

const download = createRoute({
  ...mine,
  method: "get",
  path: "/api/v1/users/me/export",
  operationId: "exportMyData",
  summary: "Everything about my account as one JSON document (a download)",
  description: "Profile, videos' metadata, notifications, preferences, sessions, and each " +
    "community feature's rows (comments, likes, follows, playlists, history); sections over " +
    "50,000 rows are cut and listed in `truncated`. At most 10 a minute window per user.",
  responses: {
    200: json(z.record(z.string(), z.unknown()), "The export document."),
    ...errors(401, 429),
  },
});

const requestSources = createRoute({
  ...mine,
  method: "post",
  path: "/api/v1/users/me/exports",
  operationId: "requestSourceExport",
  summary: "Ask for an archive of my source files (built by a job; kept for 7 days)",
  responses: {
    202: json(z.object({ export: exportSchema }), "Queued; a notification says when it is ready."),
    ...errors(401, 403, 409, 429),
  },
});

const listSources = createRoute({
  ...mine,
  method: "get",
  path: "/api/v1/users/me/exports",
  operationId: "listSourceExports",
  summary: "My recent archives",
  responses: {
    200: json(z.object({ exports: z.array(exportSchema) }), "Newest first."),
    ...errors(401, 429),
  },
});

const partLink = createRoute({
  ...mine,
  method: "get",
  path: "/api/v1/users/me/exports/{id}/parts/{part}",
  operationId: "sourceExportLink",
  summary: "A signed link (15 minutes) to one part of one of my complete archives",
  request: {
    params: z.object({ id: z.uuid(), part: z.coerce.number().int().min(1).max(1000) }),
  },
  responses: {
    200: json(z.object({ url: z.string() }), "The link."),
    ...errors(400, 401, 404, 429),
  },
});

const deleteBody = z.object({ password: z.string().min(1).max(1000) }).strict();

const remove = createRoute({
  ...mine,
  method: "post",
  path: "/api/v1/users/me/delete",
  operationId: "deleteMyAccount",
  summary: "Delete my account and everything it owns (the password again, to be sure)",
  description: "At once: the email is released, every session ends, every video turns " +
    "private. Then a job removes the videos with their stored files, comments, likes, " +
    "follows, playlists, history and notifications. The only administrator cannot (409).",
  request: { body: jsonBody(deleteBody) },
  responses: {
    202: json(z.object({ deleted: z.literal(true) }), "The account is gone; removal runs."),
    ...errors(400, 401, 403, 409, 413, 429),
  },
});

function toJson(e: SourceExport) {
  return {
    ...e,
    createdAt: e.createdAt.toISOString(),
    expiresAt: e.expiresAt?.toISOString() ?? null,
  };
}

/**
 * "Your data": GET /api/v1/users/me/export (the JSON document), POST/GET
 * /api/v1/users/me/exports and GET …/exports/:id/parts/:part (archives of
 * source files), POST /api/v1/users/me/delete (account deletion).
 */
export function accountDataApiRoutes(deps: { auth: AuthContext; storage: Storage }): OpenAPIHono {
  const { sql } = deps.auth;
  const app = apiRouter();
  for (
    const path of [
      "/api/v1/users/me/export",
      "/api/v1/users/me/exports",
      "/api/v1/users/me/exports/*",
      "/api/v1/users/me/delete",
    ]
  ) {
    app.use(path, requireUser());
  }
  return app
    .openapi(download, async (c) => {
      const userId = c.get("user")!.id;
      const limit = await hitRateLimit(deps.auth.kv, userId, {
        name: "data-export",
        limit: 10,
        windowMs: 60 * 60 * 1000,
      });
      if (!limit.ok) throw new RateLimitError(limit.retryAfter);
      const data = await exportAccountData(sql, userId);
      const day = new Date().toISOString().slice(0, 10);
      c.header("Content-Disposition", `attachment; filename="videoflow-data-${day}.json"`);
      c.header("Cache-Control", "private, no-store");
      return c.json(data, 200);
    })
    .openapi(requestSources, async (c) => {
      const made = await requestSourceExport(sql, c.get("user")!.id);
      return c.json({ export: toJson(made) }, 202);
    })
    .openapi(listSources, async (c) => {
      c.header("Cache-Control", "private, no-store");
      const rows = await listSourceExports(sql, c.get("user")!.id);
      return c.json({ exports: rows.map(toJson) }, 200);
    })
    .openapi(partLink, async (c) => {
      const { id, part } = c.req.valid("param");
      const url = await sourceExportUrl({ sql, storage: deps.storage }, c.get("user")!.id, {
        exportId: id,
        part,
      });
      c.header("Cache-Control", "private, no-store");
      return c.json({ url }, 200);
    })
    .openapi(withBodyReadByHandler(app, remove), async (c) => {
      const { password } = validate(deleteBody, await readJson(c));
      await requestAccountDeletion(deps.auth, c.get("user")!.id, { password });
      clearSessionCookies(c);
      return c.json({ deleted: true as const }, 202);
    });
}
