/**
 * Live chat (docs/DESIGN.md, "Live chat"): rooms keyed by video id, opened and
 * closed by the live code, messages in Postgres, moderation, and the fan-out
 * that carries a room's events to every web instance's sockets.
 */
import type { Database } from "../db/mod.ts";
import { OpenSlots } from "../rate_limit.ts";
import { ChatFanout, type FanoutMode } from "./fanout.ts";
import { CHAT_RATE, type ChatLimits } from "./messages.ts";
import { CHAT_SOCKET_LIMITS, type ChatSocketLimits } from "./socket.ts";

export { closeChatRoom, openChatRoom } from "./rooms.ts";

/** Knobs tests and benchmarks turn. */
export interface ChatOptions {
  /** Fan-out: LISTEN/NOTIFY or polling; by default by the database (embedded: poll). */
  fanout?: FanoutMode;
  pollMs?: number;
  perUser?: number;
  windowMs?: number;
  /** Open sockets per user (or per network when anonymous) in one process. */
  socketsPerClient?: number;
  socketLimits?: Partial<ChatSocketLimits>;
}

/** One web instance's chat: its fan-out, limits and socket slots. */
export interface ChatInstance {
  fanout: ChatFanout;
  limits: ChatLimits;
  socketLimits: ChatSocketLimits;
  slots: OpenSlots;
}

/** The chat of one web instance on `db` (sockets per client: 10 by default). */
export function createChat(
  db: Database,
  options: ChatOptions & { kv: Deno.Kv },
): ChatInstance {
  const mode = options.fanout ?? (db.kind === "embedded" ? "poll" : "notify");
  return {
    fanout: new ChatFanout(db.sql, { mode, pollMs: options.pollMs }),
    limits: {
      kv: options.kv,
      perUser: options.perUser ?? CHAT_RATE.perUser,
      windowMs: options.windowMs ?? CHAT_RATE.windowMs,
    },
    socketLimits: { ...CHAT_SOCKET_LIMITS, ...options.socketLimits },
    slots: new OpenSlots(options.socketsPerClient ?? 10),
  };
}
