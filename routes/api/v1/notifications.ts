import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import type { Sql } from "../../../lib/db/mod.ts";
import { inboxState, listNotifications, markRead } from "../../../lib/notifications/inbox.ts";
import { getPreferences, setPreferences } from "../../../lib/notifications/prefs.ts";
import { NOTIFICATION_KINDS } from "../../../lib/shared/notification_kinds.ts";
import type { OpenSlots } from "../../../lib/rate_limit.ts";
import { getProcessingStatus } from "../../../lib/videos/processing.ts";
import { findManagedVideo } from "../../../lib/videos/access.ts";
import { isSettled } from "../../../lib/shared/video_states.ts";
import { requireUser } from "../../../middleware/auth.ts";
import { readJson } from "../../_body.ts";
import { validate } from "../../_validate.ts";
import { type EventStreamLimits, userEventStream } from "../../_event_stream.ts";
import { apiRouter, errors, json, jsonBody, SIGNED_IN, withBodyReadByHandler } from "./_openapi.ts";

const tags = ["notifications"];
const signedIn = { tags, security: SIGNED_IN } as const;

const notification = z.object({
  id: z.string(),
  kind: z.enum(NOTIFICATION_KINDS),
  actorName: z.string().nullable(),
  videoId: z.uuid().nullable(),
  subjectId: z.string().nullable(),
  data: z.object({
    title: z.string().optional(),
    reason: z.string().optional(),
    excerpt: z.string().optional(),
    decision: z.enum(["approve", "reject"]).optional(),
  }),
  read: z.boolean(),
  createdAt: z.string(),
}).meta({ id: "Notification" });

const listQuery = z.object({
  cursor: z.string().max(20).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
  unread: z.enum(["0", "1"]).optional(),
});

const list = createRoute({
  ...signedIn,
  method: "get",
  path: "/api/v1/notifications",
  operationId: "listNotifications",
  summary: "My notifications, newest first, with the unread count (at most 99 counted: 100 is 99+)",
  request: { query: listQuery },
  responses: {
    200: json(
      z.object({
        notifications: z.array(notification),
        nextCursor: z.string().nullable(),
        unread: z.number().int(),
      }),
      "A page of notifications.",
    ),
    ...errors(400, 401, 429),
  },
});

const readBody = z.union([
  z.object({ ids: z.array(z.string().regex(/^[1-9]\d{0,17}$/)).min(1).max(100) }).strict(),
  z.object({ all: z.literal(true) }).strict(),
]);

const read = createRoute({
  ...signedIn,
  method: "post",
  path: "/api/v1/notifications/read",
  operationId: "markNotificationsRead",
  summary: "Mark some (`ids`) or all (`all: true`) of my notifications read",
  request: { body: jsonBody(readBody) },
  responses: {
    200: json(z.object({ marked: z.number().int(), unread: z.number().int() }), "Marked."),
    ...errors(400, 401, 403, 413, 429),
  },
});

const delivery = z.object({ inApp: z.boolean(), email: z.boolean() }).strict();
const prefsSchema = z.object(
  Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, delivery])) as Record<
    (typeof NOTIFICATION_KINDS)[number],
    typeof delivery
  >,
).meta({ id: "NotificationPreferences" });

const getPrefs = createRoute({
  ...signedIn,
  method: "get",
  path: "/api/v1/notifications/preferences",
  operationId: "getNotificationPreferences",
  summary: "How each kind reaches me (in-app, email); security notices cannot be turned off",
  responses: { 200: json(prefsSchema, "My preferences."), ...errors(401, 429) },
});

const putPrefs = createRoute({
  ...signedIn,
  method: "put",
  path: "/api/v1/notifications/preferences",
  operationId: "setNotificationPreferences",
  summary: "Change some kinds' delivery (others keep theirs)",
  request: { body: jsonBody(prefsSchema.partial().strict()) },
  responses: { 200: json(prefsSchema, "My preferences now."), ...errors(400, 401, 403, 413, 429) },
});

const videoIds = z.string().max(5 * 37).optional().transform((s, ctx) => {
  const ids = s ? s.split(",") : [];
  if (ids.length > 5 || !ids.every((id) => z.uuid().safeParse(id).success)) {
    ctx.addIssue({ code: "custom", message: "Up to 5 video ids, comma-separated." });
    return z.NEVER;
  }
  return [...new Set(ids)];
});

const stream = createRoute({
  ...signedIn,
  method: "get",
  path: "/api/v1/users/me/events",
  operationId: "streamMyEvents",
  summary: "My live events as server-sent events: one stream per tab for every island",
  description: "Events: `notifications` (data `{unread, newestId}`, at once and on change), " +
    "`status` (data `{videoId, status, progress, error, playable}` for each video named in " +
    "`videos` that I manage, on change, until it settles) and `end` (data " +
    '`{"reason": "lifetime" | "signed-out"}`). Counts toward the same per-user cap as every ' +
    "event stream.",
  request: { query: z.object({ videos: videoIds }) },
  responses: {
    200: {
      description: "An event stream.",
      content: { "text/event-stream": { schema: z.string() } },
    },
    ...errors(400, 401, 404, 429),
  },
});

/** Dependencies of the notifications API. */
export interface NotificationApiDeps {
  sql: Sql;
  streamSlots: OpenSlots;
  limits: EventStreamLimits;
  /** How often a stream looks for changes (ms). */
  pollMs?: number;
}

/**
 * GET /api/v1/notifications, POST /api/v1/notifications/read,
 * GET/PUT /api/v1/notifications/preferences and GET /api/v1/users/me/events
 * (the tab's one live stream: the bell's count and processing progress).
 */
export function notificationApiRoutes(deps: NotificationApiDeps): OpenAPIHono {
  const app = apiRouter();
  app.use("/api/v1/notifications", requireUser());
  app.use("/api/v1/notifications/*", requireUser());
  app.use("/api/v1/users/me/events", requireUser());
  return app
    .openapi(list, async (c) => {
      const q = c.req.valid("query");
      const userId = c.get("user")!.id;
      const [page, state] = await Promise.all([
        listNotifications(deps.sql, userId, {
          limit: q.limit,
          cursor: q.cursor,
          unreadOnly: q.unread === "1",
        }),
        inboxState(deps.sql, userId),
      ]);
      c.header("Cache-Control", "private, no-store");
      return c.json({ ...page, unread: state.unread }, 200);
    })
    .openapi(withBodyReadByHandler(app, read), async (c) => {
      const body = validate(readBody, await readJson(c));
      const userId = c.get("user")!.id;
      const marked = await markRead(deps.sql, userId, body);
      return c.json({ marked, unread: (await inboxState(deps.sql, userId)).unread }, 200);
    })
    .openapi(getPrefs, async (c) => {
      c.header("Cache-Control", "private, no-store");
      return c.json(await getPreferences(deps.sql, c.get("user")!.id), 200);
    })
    .openapi(withBodyReadByHandler(app, putPrefs), async (c) => {
      const body = validate(prefsSchema.partial().strict(), await readJson(c));
      return c.json(await setPreferences(deps.sql, c.get("user")!.id, body), 200);
    })
    .openapi(stream, async (c) => {
      const { videos } = c.req.valid("query");
      const user = c.get("user")!;
      // Only videos this user manages; the same 404 as their own events endpoint otherwise.
      for (const videoId of videos) await findManagedVideo(deps.sql, { videoId, viewer: user });
      const lastStatus = new Map<string, string>();
      const settled = new Set<string>();
      let lastInbox = "";
      return userEventStream(c, deps.streamSlots, {
        limits: deps.limits,
        pollMs: deps.pollMs ?? 2000,
        async tick(send) {
          const inbox = JSON.stringify(await inboxState(deps.sql, user.id));
          if (inbox !== lastInbox) await send("notifications", JSON.parse(inbox));
          lastInbox = inbox;
          for (const videoId of videos) {
            if (settled.has(videoId)) continue;
            const status = await getProcessingStatus(deps.sql, videoId);
            if (!status) {
              settled.add(videoId);
              continue;
            }
            const data = JSON.stringify(status);
            if (data !== lastStatus.get(videoId)) await send("status", { videoId, ...status });
            lastStatus.set(videoId, data);
            if (isSettled(status.status)) settled.add(videoId);
          }
          // The bell listens for as long as the tab is open (up to the lifetime cap).
          return false;
        },
      });
    });
}
