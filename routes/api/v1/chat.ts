import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import type { Sql } from "../../../lib/db/mod.ts";
import { chatAbilities } from "../../../lib/chat/abilities.ts";
import {
  chatHistory,
  type ChatLimits,
  chatReplay,
  postChatMessage,
} from "../../../lib/chat/messages.ts";
import {
  deleteChatMessage,
  liftChatRestriction,
  MAX_TIMEOUT_S,
  restrictChatUser,
} from "../../../lib/chat/moderate.ts";
import { findChatRoom, publicRoom, updateChatSettings } from "../../../lib/chat/rooms.ts";
import { MAX_CHAT_LENGTH, MAX_SLOW_MODE_S } from "../../../lib/shared/chat.ts";
import { requireUser } from "../../../middleware/auth.ts";
import { auditActor } from "../../_audit_actor.ts";
import { readJson } from "../../_body.ts";
import { validate } from "../../_validate.ts";
import {
  ANYONE,
  apiRouter,
  errors,
  idParam,
  json,
  jsonBody,
  SIGNED_IN,
  withBodyReadByHandler,
} from "./_openapi.ts";

const messageSchema = z.object({
  id: z.number().int(),
  author: z.object({ id: z.uuid(), name: z.string() }),
  body: z.string().meta({ description: "Plain text: render it as text, never as markup." }),
  createdAt: z.iso.datetime(),
  offsetMs: z.number().int().meta({ description: "Milliseconds after the room opened." }),
}).meta({ id: "ChatMessage" });
const roomSchema = z.object({
  videoId: z.uuid(),
  open: z.boolean(),
  openedAt: z.iso.datetime(),
  closedAt: z.iso.datetime().nullable(),
  slowModeS: z.number().int(),
  followersOnly: z.boolean(),
}).meta({ id: "ChatRoom" });
const abilitiesSchema = z.object({
  canPost: z.boolean(),
  canModerate: z.boolean(),
  reason: z.string().nullable(),
  timedOutUntil: z.iso.datetime().nullable(),
  banned: z.boolean(),
  userId: z.uuid().nullable(),
}).meta({ id: "ChatAbilities" });
const postSchema = z.object({ body: z.string().max(MAX_CHAT_LENGTH * 8) }).strict();
const settingsSchema = z.object({
  slowModeS: z.number().int().min(0).max(MAX_SLOW_MODE_S).optional(),
  followersOnly: z.boolean().optional(),
}).strict();
const restrictSchema = z.object({
  durationS: z.number().int().min(1).max(MAX_TIMEOUT_S).nullable()
    .meta({ description: "Seconds of timeout; null bans (and removes their messages)." }),
  reason: z.string().max(200).optional(),
}).strict();
const messageParams = idParam.extend({
  messageId: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
});
const userParams = idParam.extend({ userId: z.uuid() });
const replayQuery = z.object({
  fromMs: z.coerce.number().int().min(0).max(7 * 24 * 3600_000).default(0),
  cursor: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});
const tags = ["chat"];
const signedIn = { tags, security: SIGNED_IN, middleware: requireUser() } as const;

const state = createRoute({
  tags,
  method: "get",
  path: "/api/v1/videos/{id}/chat",
  operationId: "getChat",
  summary: "A video's chat: the room, what the caller may do, and the latest 50 messages",
  description: "Live updates come over the WebSocket at `/api/v1/videos/{id}/chat/socket`.",
  security: ANYONE,
  request: { params: idParam },
  responses: {
    200: json(
      z.object({
        room: roomSchema,
        you: abilitiesSchema,
        messages: z.array(messageSchema),
        deleted: z.array(z.number().int()),
      }),
      "The chat.",
    ),
    ...errors(400, 404, 429),
  },
});

const post = createRoute({
  ...signedIn,
  method: "post",
  path: "/api/v1/videos/{id}/chat/messages",
  operationId: "postChatMessage",
  summary: "Post a message (1–500 characters after trimming; control characters stripped)",
  description: "Refused with a blocked word (400), when timed out, banned or not a follower " +
    "in followers-only mode (403), after the chat ended (409), and over the per-user rate " +
    "limit or slow mode (429).",
  request: { params: idParam, body: jsonBody(postSchema) },
  responses: {
    201: json(z.object({ message: messageSchema }), "Posted."),
    ...errors(400, 401, 403, 404, 409, 413, 429),
  },
});

const remove = createRoute({
  ...signedIn,
  method: "delete",
  path: "/api/v1/videos/{id}/chat/messages/{messageId}",
  operationId: "deleteChatMessage",
  summary: "Delete a message (its author, the creator or a moderator)",
  request: { params: messageParams },
  responses: { 204: { description: "Deleted." }, ...errors(400, 401, 403, 404, 429) },
});

const settings = createRoute({
  ...signedIn,
  method: "put",
  path: "/api/v1/videos/{id}/chat/settings",
  operationId: "updateChatSettings",
  summary: "Slow mode (seconds between one person's messages, 0 off) and followers-only",
  request: { params: idParam, body: jsonBody(settingsSchema) },
  responses: {
    200: json(z.object({ room: roomSchema }), "The settings now."),
    ...errors(400, 401, 403, 404, 413, 429),
  },
});

const restrict = createRoute({
  ...signedIn,
  method: "put",
  path: "/api/v1/videos/{id}/chat/restrictions/{userId}",
  operationId: "restrictChatUser",
  summary: "Time a user out of, or ban them from, the creator's chats (creator or moderator)",
  request: { params: userParams, body: jsonBody(restrictSchema) },
  responses: {
    200: json(
      z.object({ restriction: z.object({ userId: z.uuid(), until: z.iso.datetime().nullable() }) }),
      "Restricted (until null: banned).",
    ),
    ...errors(400, 401, 403, 404, 413, 429),
  },
});

const lift = createRoute({
  ...signedIn,
  method: "delete",
  path: "/api/v1/videos/{id}/chat/restrictions/{userId}",
  operationId: "liftChatRestriction",
  summary: "Lift a user's timeout or ban (creator or moderator)",
  request: { params: userParams },
  responses: { 204: { description: "Lifted." }, ...errors(400, 401, 403, 404, 429) },
});

const replay = createRoute({
  tags,
  method: "get",
  path: "/api/v1/videos/{id}/chat/replay",
  operationId: "chatReplay",
  summary: "The recorded chat from `fromMs` after the room opened, oldest first, by pages",
  security: ANYONE,
  request: { params: idParam, query: replayQuery },
  responses: {
    200: json(
      z.object({ messages: z.array(messageSchema), nextCursor: z.number().int().nullable() }),
      "A page of messages with their offsets.",
    ),
    ...errors(400, 404, 429),
  },
});

/** What the chat API needs. */
export interface ChatApiDeps {
  sql: Sql;
  limits: ChatLimits;
  /** Whether X-Forwarded-For is believed (the audit log's address). */
  trustProxy: boolean;
  /** Refuses (403) a user who may not post yet (an unconfirmed address). */
  mayPost?: (userId: string) => Promise<void>;
}

/**
 * Live chat over HTTP (docs/DESIGN.md, "Live chat"): the room and its latest
 * messages, posting, moderation and the recording's replay. Rooms of videos
 * the caller may not see are 404.
 */
export function chatApiRoutes(deps: ChatApiDeps): OpenAPIHono {
  const { sql } = deps;
  const app = apiRouter();
  const room = (videoId: string, viewer: Parameters<typeof findChatRoom>[1]["viewer"]) =>
    findChatRoom(sql, { videoId, viewer });
  return app
    .openapi(state, async (c) => {
      const { id } = c.req.valid("param");
      const viewer = c.get("user");
      const r = await room(id, viewer);
      const [history, you] = await Promise.all([
        chatHistory(sql, id),
        chatAbilities(sql, { room: r, viewer }),
      ]);
      c.header("Cache-Control", "private, no-store");
      return c.json({ room: publicRoom(r), you, ...history }, 200);
    })
    .openapi(withBodyReadByHandler(app, post), async (c) => {
      const { id } = c.req.valid("param");
      const { body } = validate(postSchema, await readJson(c));
      const user = c.get("user")!;
      await deps.mayPost?.(user.id);
      const r = await room(id, user);
      const message = await postChatMessage(sql, user, { room: r, body, limits: deps.limits });
      return c.json({ message }, 201);
    })
    .openapi(remove, async (c) => {
      const { id, messageId } = c.req.valid("param");
      const user = c.get("user")!;
      const actor = auditActor(c, deps);
      await deleteChatMessage(sql, user, { room: await room(id, user), messageId, actor });
      return c.body(null, 204);
    })
    .openapi(withBodyReadByHandler(app, settings), async (c) => {
      const { id } = c.req.valid("param");
      const patch = validate(settingsSchema, await readJson(c));
      const r = await room(id, c.get("user"));
      const actor = auditActor(c, deps);
      return c.json({ room: await updateChatSettings(sql, r, { ...patch, actor }) }, 200);
    })
    .openapi(withBodyReadByHandler(app, restrict), async (c) => {
      const { id, userId } = c.req.valid("param");
      const input = validate(restrictSchema, await readJson(c));
      const user = c.get("user")!;
      const r = await room(id, user);
      const actor = auditActor(c, deps);
      const { until } = await restrictChatUser(sql, user, { room: r, userId, ...input, actor });
      return c.json({ restriction: { userId, until: until?.toISOString() ?? null } }, 200);
    })
    .openapi(lift, async (c) => {
      const { id, userId } = c.req.valid("param");
      const r = await room(id, c.get("user"));
      await liftChatRestriction(sql, { room: r, userId, actor: auditActor(c, deps) });
      return c.body(null, 204);
    })
    .openapi(replay, async (c) => {
      const { id } = c.req.valid("param");
      const { fromMs, cursor, limit } = c.req.valid("query");
      await room(id, c.get("user"));
      c.header("Cache-Control", "private, no-store");
      return c.json(await chatReplay(sql, id, { fromMs, afterId: cursor, limit }), 200);
    });
}
