/**
 * The heartbeat's access re-check, shared by the sockets of one process that
 * ask the same question: every anonymous viewer of a room gets the same
 * answer, so 500 anonymous sockets cost one findChatRoom() per room every few
 * seconds instead of 500 (on the embedded database's one connection those
 * queries queued in front of the fan-out's poll).
 */
import type { Sql } from "../db/mod.ts";
import type { Viewer } from "../videos/access.ts";
import { type ChatRoom, findChatRoom } from "./rooms.ts";

/** How long one answer serves. */
const FRESH_MS = 5000;
const cache = new Map<string, { at: number; room: Promise<ChatRoom> }>();

/** findChatRoom() for a heartbeat, answered from a check at most FRESH_MS old. */
export function recheckChatRoom(
  sql: Sql,
  options: { videoId: string; viewer: Viewer },
): Promise<ChatRoom> {
  const now = Date.now();
  const key = `${options.videoId}:${options.viewer?.id ?? ""}:${options.viewer?.role ?? ""}:${
    options.viewer?.accessGroupId ?? ""
  }`;
  const hit = cache.get(key);
  if (hit && now - hit.at < FRESH_MS) return hit.room;
  if (cache.size > 10_000) {
    for (const [k, v] of cache) if (now - v.at >= FRESH_MS) cache.delete(k);
  }
  const room = findChatRoom(sql, options);
  cache.set(key, { at: now, room });
  room.catch(() => cache.delete(key));
  return room;
}
