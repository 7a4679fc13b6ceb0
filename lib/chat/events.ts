/**
 * The room's event log (chat_events): everything a socket must hear about —
 * a message, a deletion, a purge, a restriction, new settings — is written here
 * in the writer's transaction, and the same statement NOTIFYs it, so a real
 * PostgreSQL delivers it to every listening web instance as it commits, and the
 * embedded database's instances find it by polling the id (lib/chat/fanout.ts).
 */
import type { Queryable } from "../db/mod.ts";
import type { ChatEvent } from "../shared/chat.ts";

/** The NOTIFY channel every web instance listens on. */
export const CHAT_CHANNEL = "vf_chat";

/** NOTIFY payloads must stay under 8,000 bytes; a larger event is announced by id only. */
const MAX_NOTIFY_BYTES = 7000;

/** One logged event, as the fan-out hands it to a room's sockets. */
export interface LoggedEvent {
  id: number;
  videoId: string;
  event: ChatEvent;
}

/** Logs `event` for the room and announces it; answers its id. */
export async function publishChatEvent(
  sql: Queryable,
  videoId: string,
  event: ChatEvent,
): Promise<number> {
  const [row] = await sql<{ id: number }[]>`
    insert into chat_events (video_id, payload) values (${videoId}, ${sql.json(event as never)})
    returning id`;
  const full = JSON.stringify({ id: row.id, videoId, event });
  const note = new TextEncoder().encode(full).byteLength <= MAX_NOTIFY_BYTES
    ? full
    : JSON.stringify({ id: row.id, videoId });
  await sql`select pg_notify(${CHAT_CHANNEL}, ${note})`;
  return row.id;
}

/** Parses a NOTIFY payload; undefined for anything that is not one of ours. */
export function parseNotice(
  payload: string,
): { id: number; videoId: string; event?: ChatEvent } | undefined {
  try {
    const v = JSON.parse(payload);
    if (typeof v?.id === "number" && typeof v?.videoId === "string") return v;
  } catch { /* not ours */ }
  return undefined;
}

/** Events of `videoIds` after `afterId`, oldest first, at most `limit`. */
export async function eventsAfter(
  sql: Queryable,
  options: { videoIds: string[]; afterId: number; limit: number },
): Promise<LoggedEvent[]> {
  if (!options.videoIds.length) return [];
  return await sql<LoggedEvent[]>`
    select id, video_id as "videoId", payload as event from chat_events
    where video_id = any(${options.videoIds}::uuid[]) and id > ${options.afterId}
    order by id limit ${options.limit}`;
}

/** The newest event id overall (0 when none): where a poller that starts now begins. */
export async function lastEventId(sql: Queryable): Promise<number> {
  const [row] = await sql<{ id: number | null }[]>`select max(id) as id from chat_events`;
  return Number(row.id ?? 0);
}
