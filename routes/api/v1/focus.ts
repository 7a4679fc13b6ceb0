import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import type { Sql } from "../../../lib/db/mod.ts";
import { RateLimitError } from "../../../lib/errors.ts";
import {
  focusAutoStart,
  focusTotals,
  listFocusSessions,
  recordFocusSession,
  setFocusAutoStart,
} from "../../../lib/focus/mod.ts";
import { hitRateLimit } from "../../../lib/rate_limit.ts";
import { FOCUS_MAX_INTERRUPTIONS, FOCUS_MAX_SESSION_S } from "../../../lib/shared/focus.ts";
import { requireUser } from "../../../middleware/auth.ts";
import { readJson } from "../../_body.ts";
import { validate } from "../../_validate.ts";
import { apiRouter, errors, json, jsonBody, SIGNED_IN, withBodyReadByHandler } from "./_openapi.ts";
import { cursorQuery } from "./_playlist_schemas.ts";

const tags = ["focus"];
const count = z.number().int().min(0).max(FOCUS_MAX_INTERRUPTIONS);
const seconds = z.number().finite().min(0).max(FOCUS_MAX_SESSION_S);
/** A report is a few hundred bytes; anything over this is not one (body_limit rule in app.ts). */
export const FOCUS_BODY_LIMIT = 2048;

const reportBody = z.object({
  clientId: z.uuid().meta({ description: "Made by the browser per session: replays count once." }),
  videoId: z.uuid(),
  startedAt: z.iso.datetime(),
  endedAt: z.iso.datetime(),
  hiddenCount: count.meta({ description: "Times the tab was hidden." }),
  hiddenS: seconds.meta({ description: "Seconds the tab was hidden." }),
  blurCount: count.meta({ description: "Times the window lost focus with the tab visible." }),
  blurS: seconds,
  completed: z.boolean().meta({ description: "The video played to its end." }),
}).strict().meta({ id: "FocusReport" });
const session = z.object({
  id: z.uuid(),
  videoId: z.uuid(),
  title: z.string().nullable().meta({ description: "Null once the caller may not see it." }),
  startedAt: z.iso.datetime(),
  endedAt: z.iso.datetime(),
  durationS: z.number(),
  interruptions: z.number().int(),
  interruptedS: z.number(),
  hiddenCount: z.number().int(),
  blurCount: z.number().int(),
  completed: z.boolean(),
}).meta({ id: "FocusSession" });
const totals = z.object({
  sessions: z.number().int(),
  focusedS: z.number(),
  interruptions: z.number().int(),
  interruptedS: z.number(),
  completed: z.number().int(),
}).meta({ id: "FocusTotals" });
const settings = z.object({ autoStart: z.boolean() }).strict();

const record = createRoute({
  method: "post",
  path: "/api/v1/focus-sessions",
  operationId: "recordFocusSession",
  tags,
  summary: "Store a focus session of the caller's (the watch page: on exit and on pagehide)",
  description: "Idempotent by `clientId`: a replay stores nothing more (`recorded: false`); a " +
    "longer report of the same session replaces the shorter one. Impossible figures (ending " +
    "before starting, in the future, longer than 12 h, interruptions longer than the session) " +
    "are a 400. At most 30 reports a minute per user.",
  security: SIGNED_IN,
  middleware: requireUser(),
  request: { body: jsonBody(reportBody) },
  responses: {
    200: json(z.object({ recorded: z.boolean() }), "Stored, or already stored."),
    ...errors(400, 401, 403, 404, 413, 429),
  },
});
const list = createRoute({
  method: "get",
  path: "/api/v1/focus-sessions",
  operationId: "listFocusSessions",
  tags,
  summary: "The caller's focus sessions, newest first, with their totals",
  security: SIGNED_IN,
  middleware: requireUser(),
  request: { query: cursorQuery },
  responses: {
    200: json(
      z.object({ sessions: z.array(session), nextCursor: z.string().nullable(), totals }),
      "A page.",
    ),
    ...errors(400, 401, 429),
  },
});
const getSettings = createRoute({
  method: "get",
  path: "/api/v1/focus-sessions/settings",
  operationId: "getFocusSettings",
  tags,
  summary: "Whether the watch page starts in focus mode",
  security: SIGNED_IN,
  middleware: requireUser(),
  responses: { 200: json(settings, "The setting."), ...errors(401, 429) },
});
const putSettings = createRoute({
  method: "put",
  path: "/api/v1/focus-sessions/settings",
  operationId: "updateFocusSettings",
  tags,
  summary: "Start the watch page in focus mode, or not",
  security: SIGNED_IN,
  middleware: requireUser(),
  request: { body: jsonBody(settings) },
  responses: { 200: json(settings, "The setting."), ...errors(400, 401, 403, 413, 429) },
});

/** Focus reports per user and minute (a viewer toggling often sends a few). */
export const FOCUS_REPORTS_PER_MINUTE = 30;

/** /api/v1/focus-sessions: the signed-in caller's focus sessions and their auto-start setting. */
export function focusApiRoutes(deps: { sql: Sql; kv: Deno.Kv }): OpenAPIHono {
  const app = apiRouter();
  const { sql } = deps;
  app.use("/api/v1/focus-sessions/*", async (c, next) => {
    await next();
    c.header("Cache-Control", "private, no-store");
  });
  return app
    .openapi(withBodyReadByHandler(app, record), async (c) => {
      const user = c.get("user")!;
      const limit = await hitRateLimit(deps.kv, user.id, {
        name: "focus",
        limit: FOCUS_REPORTS_PER_MINUTE,
        windowMs: 60_000,
      });
      if (!limit.ok) throw new RateLimitError(limit.retryAfter);
      const report = validate(reportBody, await readJson(c));
      return c.json(await recordFocusSession(sql, user, { report }), 200);
    })
    .openapi(list, async (c) => {
      const user = c.get("user")!;
      const { cursor, limit } = c.req.valid("query");
      const [page, sums] = await Promise.all([
        listFocusSessions(sql, user, { cursor, limit }),
        focusTotals(sql, user.id),
      ]);
      c.header("Cache-Control", "private, no-store");
      return c.json({
        ...page,
        sessions: page.sessions.map((s) => ({
          ...s,
          startedAt: s.startedAt.toISOString(),
          endedAt: s.endedAt.toISOString(),
        })),
        totals: sums,
      }, 200);
    })
    .openapi(
      getSettings,
      async (c) => c.json({ autoStart: await focusAutoStart(sql, c.get("user")!.id) }, 200),
    )
    .openapi(withBodyReadByHandler(app, putSettings), async (c) => {
      const { autoStart } = validate(settings, await readJson(c));
      await setFocusAutoStart(sql, c.get("user")!.id, autoStart);
      return c.json({ autoStart }, 200);
    });
}
