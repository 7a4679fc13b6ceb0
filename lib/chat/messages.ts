/**
 * Posting and reading chat messages. A message is plain text (cleanChatText:
 * control characters stripped), 1–500 characters, refused with a blocked word
 * (the moderation list of lib/comments/blocked_words.ts), over the per-user
 * rate limit or the room's slow mode, from a timed-out or banned user, or from
 * a non-follower in followers-only mode (abilities.ts says which).
 */
import type { Queryable, Sql } from "../db/mod.ts";
import { RateLimitError, ValidationError } from "../errors.ts";
import { hitRateLimit } from "../rate_limit.ts";
import { findBlockedWord, listBlockedWords } from "../comments/blocked_words.ts";
import { type ChatMessage, cleanChatText, MAX_CHAT_LENGTH } from "../shared/chat.ts";
import type { Viewer } from "../videos/access.ts";
import { chatAbilities } from "./abilities.ts";
import { publishChatEvent } from "./events.ts";
import type { ChatRoom } from "./rooms.ts";

/** How many messages one user may post per window, over every room. */
export interface ChatLimits {
  kv: Deno.Kv;
  perUser: number;
  windowMs: number;
}

/** Defaults: 20 messages per 30 s per user (a fast typist, not a script). */
export const CHAT_RATE = { perUser: 20, windowMs: 30_000 };

/** Columns of `chat_messages m` joined with `users u` and `chat_rooms r`, as a ChatMessage. */
const MESSAGE_COLUMNS = (sql: Queryable) =>
  sql`m.id, json_build_object('id', u.id, 'name', u.display_name) as author, m.body,
      m.created_at as "createdAt",
      greatest(0, floor(extract(epoch from (m.created_at - r.opened_at)) * 1000))::bigint
        as "offsetMs"`;

type MessageRow = Omit<ChatMessage, "createdAt"> & { createdAt: Date };

function toMessage(row: MessageRow): ChatMessage {
  return { ...row, createdAt: row.createdAt.toISOString() };
}

/** The text as it will be stored, or a ValidationError saying what is wrong. */
export function chatBody(raw: unknown): string {
  if (typeof raw !== "string" || raw.length > MAX_CHAT_LENGTH * 8) {
    throw new ValidationError(`A message is at most ${MAX_CHAT_LENGTH} characters.`);
  }
  const body = cleanChatText(raw);
  if (!body) throw new ValidationError("Write something first.");
  if ([...body].length > MAX_CHAT_LENGTH) {
    throw new ValidationError(`A message is at most ${MAX_CHAT_LENGTH} characters.`);
  }
  return body;
}

async function countPost(limits: ChatLimits, room: ChatRoom, userId: string): Promise<void> {
  const r = await hitRateLimit(limits.kv, userId, {
    name: "chat-user",
    limit: limits.perUser,
    windowMs: limits.windowMs,
  });
  if (!r.ok) {
    throw new RateLimitError(r.retryAfter, {
      message: `You are sending messages too fast. Try again in ${r.retryAfter} s.`,
    });
  }
  if (room.slowModeS > 0 && !room.moderator) {
    // One message per slow-mode window per person, counted in KV so that every instance agrees.
    const slow = await hitRateLimit(limits.kv, `${room.videoId}:${userId}`, {
      name: "chat-slow",
      limit: 1,
      windowMs: room.slowModeS * 1000,
    });
    if (!slow.ok) {
      throw new RateLimitError(slow.retryAfter, {
        message: `Slow mode is on: wait ${slow.retryAfter} s before your next message.`,
      });
    }
  }
}

/** Posts a message in `room` as `author`; every socket of the room hears it. */
export async function postChatMessage(
  sql: Sql,
  author: NonNullable<Viewer>,
  options: { room: ChatRoom; body: unknown; limits: ChatLimits },
): Promise<ChatMessage> {
  const { room } = options;
  const body = chatBody(options.body);
  await chatAbilities(sql, { room, viewer: author, require: true });
  if (findBlockedWord(body, await listBlockedWords(sql))) {
    throw new ValidationError("Your message contains a word that is not allowed here.", {
      details: { reason: "blocked_word" },
    });
  }
  await countPost(options.limits, room, author.id);
  return await sql.begin(async (tx) => {
    const [row] = await tx<MessageRow[]>`
      with m as (
        insert into chat_messages (video_id, author_id, body)
        values (${room.videoId}, ${author.id}, ${body}) returning *)
      select ${MESSAGE_COLUMNS(tx)} from m join users u on u.id = m.author_id
        join chat_rooms r on r.video_id = m.video_id`;
    const message = toMessage(row);
    await publishChatEvent(tx, room.videoId, { type: "message", message });
    return message;
  });
}

/**
 * What a socket gets on join: the room's latest 50 messages, or with
 * `afterId` (a resuming client) those after it, up to 500 (then the latest
 * 50 only); and which of the latest 200 were deleted, so a resuming client
 * drops them.
 */
export async function chatHistory(
  sql: Sql,
  videoId: string,
  options: { afterId?: number } = {},
): Promise<{ messages: ChatMessage[]; deleted: number[] }> {
  const base = sql`from chat_messages m join users u on u.id = m.author_id
    join chat_rooms r on r.video_id = m.video_id
    where m.video_id = ${videoId} and m.deleted_at is null`;
  let rows: MessageRow[] = [];
  if (options.afterId !== undefined) {
    rows = await sql<MessageRow[]>`
      select ${MESSAGE_COLUMNS(sql)} ${base} and m.id > ${options.afterId}
      order by m.id limit 501`;
  }
  if (options.afterId === undefined || rows.length > 500) {
    rows = (await sql<MessageRow[]>`
      select ${MESSAGE_COLUMNS(sql)} ${base} order by m.id desc limit 50`).reverse();
  }
  const deleted = await sql<{ id: number }[]>`
    select id from (select id, deleted_at from chat_messages where video_id = ${videoId}
      order by id desc limit 200) recent
    where deleted_at is not null order by id`;
  return { messages: rows.map(toMessage), deleted: deleted.map((d) => d.id) };
}

/**
 * A page of the recording's replay: messages (deleted ones left out) from
 * `fromMs` after the room opened, oldest first, after the `afterId` cursor.
 */
export async function chatReplay(
  sql: Sql,
  videoId: string,
  options: { fromMs: number; afterId: number; limit: number },
): Promise<{ messages: ChatMessage[]; nextCursor: number | null }> {
  const rows = await sql<MessageRow[]>`
    select ${MESSAGE_COLUMNS(sql)} from chat_messages m join users u on u.id = m.author_id
      join chat_rooms r on r.video_id = m.video_id
    where m.video_id = ${videoId} and m.deleted_at is null and m.id > ${options.afterId}
      and m.created_at >= r.opened_at + make_interval(secs => ${options.fromMs / 1000})
    order by m.id limit ${options.limit + 1}`;
  const page = rows.slice(0, options.limit).map(toMessage);
  return {
    messages: page,
    nextCursor: rows.length > options.limit ? page[page.length - 1].id : null,
  };
}
