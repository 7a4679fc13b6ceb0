import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import type { Sql } from "../../../lib/db/mod.ts";
import type { ChatFanout } from "../../../lib/chat/fanout.ts";
import type { ChatLimits } from "../../../lib/chat/messages.ts";
import { findChatRoom } from "../../../lib/chat/rooms.ts";
import { type ChatSocketLimits, serveChatSocket } from "../../../lib/chat/socket.ts";
import { PermissionError, RateLimitError, ValidationError } from "../../../lib/errors.ts";
import { networkKey, type OpenSlots } from "../../../lib/rate_limit.ts";
import { clientIp } from "../../../middleware/rate_limit.ts";
import { ANYONE, apiRouter, errors, idParam } from "./_openapi.ts";

const socket = createRoute({
  tags: ["chat"],
  method: "get",
  path: "/api/v1/videos/{id}/chat/socket",
  operationId: "chatSocket",
  summary: "The chat's WebSocket: read live (anyone who may see the video), post (signed in)",
  description: 'JSON text frames (docs/DESIGN.md, "Live chat"). The server sends `welcome` ' +
    "{room, you, messages, deleted}, then `message`, `deleted`, `purged`, `settings`, " +
    "`restricted`, `abilities`, `ack` {nonce, messageId}, `error` {code, message, nonce?, " +
    "retryAfter?} and `ping` every 20 s. The client sends `send` {body, nonce?}, `pong` and " +
    "`ping`. `after` resumes: the messages after that id instead of the latest 50. Frames " +
    "over 4,096 bytes close with 1009, floods with 4429, idle sockets (60 s) with 4408, lost " +
    "access with 4403. A browser's Origin must be this site's.",
  security: ANYONE,
  request: {
    params: idParam,
    query: z.object({
      after: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    }),
  },
  responses: {
    101: { description: "Switching protocols: the socket is open." },
    ...errors(400, 403, 404, 429),
  },
});

/** What the chat socket needs. */
export interface ChatSocketDeps {
  sql: Sql;
  fanout: ChatFanout;
  limits: ChatLimits;
  socketLimits: ChatSocketLimits;
  /** Open sockets per client (user, or network when anonymous) in this process. */
  slots: OpenSlots;
  publicUrl: string;
  trustProxy: boolean;
  mayPost?: (userId: string) => Promise<void>;
}

/**
 * The chat's WebSocket upgrade: a thin route that checks the Origin (a
 * browser's cross-site socket is refused, the WebSocket form of CSRF), the
 * room (404 before upgrading) and the per-client socket cap, then hands the
 * socket to lib/chat/socket.ts.
 */
export function chatSocketRoutes(deps: ChatSocketDeps): OpenAPIHono {
  const publicOrigin = new URL(deps.publicUrl).origin;
  return apiRouter().openapi(socket, async (c) => {
    const { id } = c.req.valid("param");
    const { after } = c.req.valid("query");
    if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
      throw new ValidationError("This address speaks WebSocket only.");
    }
    const origin = c.req.header("origin");
    if (origin !== undefined && origin !== publicOrigin && origin !== new URL(c.req.url).origin) {
      throw new PermissionError("This chat cannot be opened from another site.");
    }
    const viewer = c.get("user");
    const room = await findChatRoom(deps.sql, { videoId: id, viewer });
    const key = viewer ? `u:${viewer.id}` : `n:${networkKey(clientIp(c, deps))}`;
    const release = deps.slots.acquire(key);
    if (!release) {
      throw new RateLimitError(5, {
        message: `At most ${deps.slots.limit} chat connections at once; close one first.`,
      });
    }
    let upgraded: ReturnType<typeof Deno.upgradeWebSocket>;
    try {
      upgraded = Deno.upgradeWebSocket(c.req.raw);
    } catch {
      release();
      throw new ValidationError("This address speaks WebSocket only.");
    }
    const session = c.get("session");
    serveChatSocket(upgraded.socket, {
      ...deps,
      room,
      viewer,
      afterId: after,
      sessionValid: session ? () => session.stillValid() : undefined,
      onDone: release,
    });
    return upgraded.response;
  });
}
