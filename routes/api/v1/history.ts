import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import type { Sql } from "../../../lib/db/mod.ts";
import {
  clearHistory,
  historyPaused,
  listHistory,
  recordPosition,
  removeHistoryEntry,
  setHistoryPaused,
} from "../../../lib/history/mod.ts";
import { RateLimitError } from "../../../lib/errors.ts";
import { hitRateLimit } from "../../../lib/rate_limit.ts";
import { requireUser } from "../../../middleware/auth.ts";
import { readJson } from "../../_body.ts";
import { validate } from "../../_validate.ts";
import { apiRouter, errors, json, jsonBody, SIGNED_IN, withBodyReadByHandler } from "./_openapi.ts";
import { cardSchema, cursorQuery } from "./_playlist_schemas.ts";

const tags = ["history"];
const videoParam = z.object({ videoId: z.uuid() });
const positionBody = z.object({
  positionS: z.number().finite().min(0).max(86_400).meta({
    description: "Seconds into the video; stored at most the video's duration.",
  }),
}).strict();
const settingsBody = z.object({ paused: z.boolean() }).strict();
const settings = z.object({ paused: z.boolean() });
const entry = cardSchema.extend({ positionS: z.number(), watchedAt: z.iso.datetime() })
  .meta({ id: "HistoryEntry" });

const list = createRoute({
  method: "get",
  path: "/api/v1/history",
  operationId: "listHistory",
  tags,
  summary: "What the caller watched, newest first (only videos they may still see)",
  security: SIGNED_IN,
  middleware: requireUser(),
  request: { query: cursorQuery },
  responses: {
    200: json(
      z.object({ entries: z.array(entry), nextCursor: z.string().nullable(), paused: z.boolean() }),
      "A page.",
    ),
    ...errors(400, 401, 429),
  },
});
const record = createRoute({
  method: "post",
  path: "/api/v1/history/{videoId}",
  operationId: "recordHistory",
  tags,
  summary: "Report where the caller is in a video (the player: every ~15 s and on pause)",
  description: "Nothing is stored while history is paused (`recorded: false`). " +
    "At most 30 reports a minute per user.",
  security: SIGNED_IN,
  middleware: requireUser(),
  request: { params: videoParam, body: jsonBody(positionBody) },
  responses: {
    200: json(z.object({ recorded: z.boolean() }), "Stored, or not while paused."),
    ...errors(400, 401, 403, 404, 413, 429),
  },
});
const removeOne = createRoute({
  method: "delete",
  path: "/api/v1/history/{videoId}",
  operationId: "removeHistoryEntry",
  tags,
  summary: "Forget one video",
  security: SIGNED_IN,
  middleware: requireUser(),
  request: { params: videoParam },
  responses: { 204: { description: "Removed." }, ...errors(400, 401, 403, 404, 429) },
});
const clear = createRoute({
  method: "delete",
  path: "/api/v1/history",
  operationId: "clearHistory",
  tags,
  summary: "Forget everything",
  security: SIGNED_IN,
  middleware: requireUser(),
  responses: { 204: { description: "Cleared." }, ...errors(401, 403, 429) },
});
const getSettings = createRoute({
  method: "get",
  path: "/api/v1/history/settings",
  operationId: "getHistorySettings",
  tags,
  summary: "Whether recording is paused",
  security: SIGNED_IN,
  middleware: requireUser(),
  responses: { 200: json(settings, "The setting."), ...errors(401, 429) },
});
const putSettings = createRoute({
  method: "put",
  path: "/api/v1/history/settings",
  operationId: "updateHistorySettings",
  tags,
  summary: "Pause or resume recording",
  security: SIGNED_IN,
  middleware: requireUser(),
  request: { body: jsonBody(settingsBody) },
  responses: { 200: json(settings, "The setting."), ...errors(400, 401, 403, 413, 429) },
});

/** Position reports per user and minute (a player sends ~4 plus pauses). */
export const HISTORY_REPORTS_PER_MINUTE = 30;

/** /api/v1/history: the signed-in caller's own watch history and its pause setting. */
export function historyApiRoutes(
  deps: { sql: Sql; kv: Deno.Kv; mediaBaseUrl?: string },
): OpenAPIHono {
  const app = apiRouter();
  const { sql } = deps;
  app.use("/api/v1/history/*", async (c, next) => {
    await next();
    c.header("Cache-Control", "private, no-store");
  });
  return app
    .openapi(list, async (c) => {
      const user = c.get("user")!;
      const { cursor, limit } = c.req.valid("query");
      const [page, paused] = await Promise.all([
        listHistory(sql, user, { cursor, limit, mediaBaseUrl: deps.mediaBaseUrl }),
        historyPaused(sql, user.id),
      ]);
      c.header("Cache-Control", "private, no-store");
      return c.json({ ...page, paused }, 200);
    })
    .openapi(
      getSettings,
      async (c) => c.json({ paused: await historyPaused(sql, c.get("user")!.id) }, 200),
    )
    .openapi(withBodyReadByHandler(app, putSettings), async (c) => {
      const { paused } = validate(settingsBody, await readJson(c));
      await setHistoryPaused(sql, c.get("user")!.id, paused);
      return c.json({ paused }, 200);
    })
    .openapi(withBodyReadByHandler(app, record), async (c) => {
      const { videoId } = c.req.valid("param");
      const user = c.get("user")!;
      const limit = await hitRateLimit(deps.kv, user.id, {
        name: "history",
        limit: HISTORY_REPORTS_PER_MINUTE,
        windowMs: 60_000,
      });
      if (!limit.ok) throw new RateLimitError(limit.retryAfter);
      const { positionS } = validate(positionBody, await readJson(c));
      return c.json(await recordPosition(sql, user, { videoId, positionS }), 200);
    })
    .openapi(removeOne, async (c) => {
      const { videoId } = c.req.valid("param");
      await removeHistoryEntry(sql, c.get("user")!.id, videoId);
      return c.body(null, 204);
    })
    .openapi(clear, async (c) => {
      await clearHistory(sql, c.get("user")!.id);
      return c.body(null, 204);
    });
}
