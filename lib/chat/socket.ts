/**
 * One chat socket (docs/DESIGN.md, "Live chat"): the welcome (room, abilities,
 * latest or missed messages), the room's events as they happen, posts from a
 * signed-in viewer, and the caps: frames of at most MAX_CHAT_FRAME_BYTES
 * (larger: close 1009), at most `maxFrames` frames per `frameWindowMs` (more:
 * close 4429), a ping every `heartbeatMs` and a close after `idleMs` without
 * a frame from the client (4408), access and session re-checked on each
 * heartbeat (lost: 4403), and a close (1013) for a client that does not read.
 * Transport-agnostic: it takes a standard WebSocket.
 */
import type { Sql } from "../db/mod.ts";
import { AppError, AuthenticationError, RateLimitError } from "../errors.ts";
import { log } from "../log.ts";
import {
  CHAT_CLOSE,
  type ChatClientFrame,
  type ChatServerFrame,
  MAX_CHAT_FRAME_BYTES,
} from "../shared/chat.ts";
import type { Viewer } from "../videos/access.ts";
import { chatAbilities } from "./abilities.ts";
import type { LoggedEvent } from "./events.ts";
import type { ChatFanout } from "./fanout.ts";
import { chatHistory, type ChatLimits, postChatMessage } from "./messages.ts";
import { type ChatRoom, publicRoom } from "./rooms.ts";
import { recheckChatRoom } from "./recheck.ts";

/** A socket's timers and caps (tests shorten them). */
export interface ChatSocketLimits {
  heartbeatMs: number;
  idleMs: number;
  maxFrames: number;
  frameWindowMs: number;
  /** Bytes queued for a client before it counts as not reading. */
  maxBuffered: number;
}

/** Defaults: ping every 20 s, idle after 60 s, 20 frames per 10 s, 1 MiB unread. */
export const CHAT_SOCKET_LIMITS: ChatSocketLimits = {
  heartbeatMs: 20_000,
  idleMs: 60_000,
  maxFrames: 20,
  frameWindowMs: 10_000,
  maxBuffered: 1 << 20,
};

/** What a socket needs: the room the viewer may read, and the services. */
export interface ChatSocketContext {
  sql: Sql;
  fanout: ChatFanout;
  limits: ChatLimits;
  socketLimits: ChatSocketLimits;
  room: ChatRoom;
  viewer: Viewer;
  /** A resuming client's last message id. */
  afterId?: number;
  /** The session is still signed in (checked on each heartbeat). */
  sessionValid?: () => Promise<boolean>;
  /** Refuses a user who may not post yet (an unconfirmed address). */
  mayPost?: (userId: string) => Promise<void>;
  /** Called once when the socket is done (releases its slot). */
  onDone?: () => void;
}

/** Serves `socket` until either side closes it. */
export function serveChatSocket(socket: WebSocket, ctx: ChatSocketContext): void {
  const { sql, socketLimits: caps, viewer } = ctx;
  let room = ctx.room;
  let welcomed = false;
  const early: LoggedEvent[] = [];
  let lastSeen = Date.now();
  let frames: number[] = [];
  let release: (() => Promise<void>) | undefined;
  let done = false;

  const send = (frame: ChatServerFrame) => {
    if (socket.readyState !== WebSocket.OPEN) return;
    if (socket.bufferedAmount > caps.maxBuffered) return close(1013, "not reading");
    socket.send(JSON.stringify(frame));
  };
  const close = (code: number, reason: string) => {
    if (socket.readyState <= WebSocket.OPEN) socket.close(code, reason);
    finish();
  };
  const finish = () => {
    if (done) return;
    done = true;
    clearTimeout(phase);
    clearInterval(heartbeat);
    release?.().catch(() => {});
    ctx.onDone?.();
  };
  const sendAbilities = async () => send({ type: "abilities", you: await abilities() });
  const abilities = () => chatAbilities(sql, { room, viewer });

  const relay = (e: LoggedEvent) => {
    if (!welcomed) return void early.push(e);
    const event = e.event;
    if (event.type === "settings") room = { ...room, ...event.room };
    send(event);
    const mine = event.type === "restricted" && event.userId === viewer?.id;
    if (viewer && (event.type === "settings" || mine)) sendAbilities().catch(() => {});
  };

  const beat = async () => {
    if (Date.now() - lastSeen > caps.idleMs) return close(CHAT_CLOSE.idle, "idle");
    send({ type: "ping" });
    try {
      if (ctx.sessionValid && !await ctx.sessionValid()) {
        return close(CHAT_CLOSE.forbidden, "signed out");
      }
      // Only who may read and moderate comes from the re-check (it may be seconds old);
      // the room's settings come from its events, which are newer.
      const checked = await recheckChatRoom(sql, { videoId: room.videoId, viewer });
      room = { ...room, moderator: checked.moderator };
    } catch {
      close(CHAT_CLOSE.forbidden, "no access");
    }
  };
  // Each socket's beat starts at a random point of the period: sockets opened together (a
  // stream starting, an instance restarting) would otherwise re-check access all at once,
  // queueing hundreds of queries in front of the fan-out's (measured: p95 1.8 s polling).
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  const phase = setTimeout(() => {
    heartbeat = setInterval(beat, caps.heartbeatMs);
    void beat();
  }, Math.random() * caps.heartbeatMs);

  socket.onopen = async () => {
    try {
      release = await ctx.fanout.subscribe(room.videoId, relay);
      if (done) return void release();
      const [history, you] = await Promise.all([
        chatHistory(sql, room.videoId, { afterId: ctx.afterId }),
        abilities(),
      ]);
      send({ type: "welcome", room: publicRoom(room), you, ...history });
      welcomed = true;
      const newest = history.messages.at(-1)?.id ?? 0;
      for (const e of early.splice(0)) {
        if (e.event.type !== "message" || e.event.message.id > newest) relay(e);
      }
    } catch (err) {
      log("warn", "chat welcome failed", { error: String(err) });
      close(1011, "unavailable");
    }
  };

  socket.onmessage = (e) => {
    lastSeen = Date.now();
    frames = frames.filter((t) => lastSeen - t < caps.frameWindowMs);
    frames.push(lastSeen);
    if (frames.length > caps.maxFrames) return close(CHAT_CLOSE.flood, "too many frames");
    if (typeof e.data !== "string") return close(1003, "text frames only");
    if (e.data.length * 3 > MAX_CHAT_FRAME_BYTES && byteLength(e.data) > MAX_CHAT_FRAME_BYTES) {
      return close(1009, "frame too large");
    }
    const frame = parseFrame(e.data);
    if (!frame) return send({ type: "error", code: "invalid_input", message: "Unknown frame." });
    if (frame.type === "ping") return send({ type: "pong" });
    if (frame.type === "send") void post(frame.body, frame.nonce);
  };

  const post = async (body: unknown, nonce?: string) => {
    try {
      if (!viewer) throw new AuthenticationError("Sign in to chat.");
      await ctx.mayPost?.(viewer.id);
      const message = await postChatMessage(sql, viewer, { room, body, limits: ctx.limits });
      send({ type: "ack", nonce: nonce ?? "", messageId: message.id });
    } catch (err) {
      if (!(err instanceof AppError)) log("warn", "chat post failed", { error: String(err) });
      const known = err instanceof AppError;
      send({
        type: "error",
        code: known ? err.code : "internal",
        message: known ? err.message : "The message was not sent. Try again.",
        ...(nonce ? { nonce } : {}),
        ...(err instanceof RateLimitError ? { retryAfter: err.retryAfter } : {}),
      });
    }
  };

  socket.onclose = finish;
  socket.onerror = finish;
}

function byteLength(s: string): number {
  return new TextEncoder().encode(s).byteLength;
}

/** A client frame, or undefined when it is not one. */
export function parseFrame(text: string): ChatClientFrame | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!v || typeof v !== "object") return undefined;
  const f = v as Record<string, unknown>;
  if (f.type === "ping" || f.type === "pong") return { type: f.type };
  if (f.type !== "send" || typeof f.body !== "string") return undefined;
  const nonce = typeof f.nonce === "string" && f.nonce.length <= 64 ? f.nonce : undefined;
  return { type: "send", body: f.body, nonce };
}
