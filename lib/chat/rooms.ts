/**
 * Chat rooms: one per video (chat_rooms), opened when it goes live and closed
 * when it ends — the live code calls openChatRoom()/closeChatRoom() — and kept
 * afterwards for the recording's replay. Who may read a room is who may see
 * its video (findVisibleVideo); who may moderate, canManage()/canModerate().
 */
import type { Queryable, Sql } from "../db/mod.ts";
import { ConflictError, NotFoundError, PermissionError } from "../errors.ts";
import { type AuditActor, recordAudit } from "../moderation/audit.ts";
import type { ChatRoomState } from "../shared/chat.ts";
import {
  canManage,
  canModerate,
  findVisibleVideo,
  type Video,
  type Viewer,
} from "../videos/access.ts";
import { publishChatEvent } from "./events.ts";

/** A room with its video's owner and the viewer's moderation right. */
export interface ChatRoom extends ChatRoomState {
  ownerId: string;
  /** The viewer is the video's creator, an admin or a moderator. */
  moderator: boolean;
}

interface RoomRow {
  videoId: string;
  openedAt: Date;
  closedAt: Date | null;
  slowModeS: number;
  followersOnly: boolean;
}

const ROOM_COLUMNS = (sql: Queryable) =>
  sql`video_id as "videoId", opened_at as "openedAt", closed_at as "closedAt",
      slow_mode_s as "slowModeS", followers_only as "followersOnly"`;

/** A room row as clients see it. */
export function roomState(row: RoomRow): ChatRoomState {
  return {
    videoId: row.videoId,
    open: row.closedAt === null,
    openedAt: row.openedAt.toISOString(),
    closedAt: row.closedAt?.toISOString() ?? null,
    slowModeS: row.slowModeS,
    followersOnly: row.followersOnly,
  };
}

/**
 * Opens the video's chat room (go-live): creates it, or reopens a closed one
 * (an encoder that came back: the same session, the same opened_at, so replay
 * offsets stay valid). Idempotent; answers the room's state.
 */
export async function openChatRoom(sql: Queryable, videoId: string): Promise<ChatRoomState> {
  const [row] = await sql<RoomRow[]>`
    insert into chat_rooms (video_id) values (${videoId})
    on conflict (video_id) do update set closed_at = null, updated_at = now()
    returning ${ROOM_COLUMNS(sql)}`;
  const state = roomState(row);
  await publishChatEvent(sql, videoId, { type: "settings", room: state });
  return state;
}

/**
 * Closes the room (the stream ended): no more posts; its history stays for
 * the replay, its event log goes. Idempotent; NotFound when there is no room.
 */
export async function closeChatRoom(sql: Sql, videoId: string): Promise<ChatRoomState> {
  return await sql.begin(async (tx) => {
    const [row] = await tx<RoomRow[]>`
      update chat_rooms set closed_at = coalesce(closed_at, now()), updated_at = now()
      where video_id = ${videoId} returning ${ROOM_COLUMNS(tx)}`;
    if (!row) throw new NotFoundError("This video has no chat.");
    await tx`delete from chat_events where video_id = ${videoId}`;
    const state = roomState(row);
    await publishChatEvent(tx, videoId, { type: "settings", room: state });
    return state;
  });
}

/**
 * The room of a video `viewer` may see (findVisibleVideo decides; NotFound
 * otherwise, and when the video has no chat).
 */
export async function findChatRoom(
  sql: Sql,
  options: { videoId: string; viewer: Viewer },
): Promise<ChatRoom> {
  const video = await findVisibleVideo(sql, options);
  const room = await chatRoomOf(sql, { video, viewer: options.viewer });
  if (!room) throw new NotFoundError("This video has no chat.");
  return room;
}

/**
 * The room of a video the caller has already found visible to `viewer`
 * (findVisibleVideo), or undefined when it has no chat: a page that holds the
 * video asks no second time who may see it.
 */
export async function chatRoomOf(
  sql: Sql,
  options: { video: Video; viewer: Viewer },
): Promise<ChatRoom | undefined> {
  const { video, viewer } = options;
  const [row] = await sql<RoomRow[]>`
    select ${ROOM_COLUMNS(sql)} from chat_rooms where video_id = ${video.id}`;
  if (!row) return undefined;
  return {
    ...roomState(row),
    ownerId: video.ownerId,
    moderator: canManage(video, viewer) || canModerate(viewer),
  };
}

/** The room as clients see it (without whom it belongs to and the viewer's right). */
export function publicRoom(room: ChatRoom): ChatRoomState {
  const { ownerId: _owner, moderator: _moderator, ...state } = room;
  return state;
}

/** Refuses (403) a viewer who may not moderate the room. */
export function requireModerator(room: ChatRoom): void {
  if (!room.moderator) {
    throw new PermissionError("Only the creator and moderators can moderate this chat.");
  }
}

/** Refuses (409) a change to a room that has closed. */
export function requireOpen(room: ChatRoomState): void {
  if (!room.open) throw new ConflictError("This chat has ended.");
}

/**
 * Turns slow mode (seconds between one person's messages; 0 off) or
 * followers-only on or off; every socket hears the new settings, and what
 * changed is audited (chat.settings, with each changed value's before and after).
 */
export async function updateChatSettings(
  sql: Sql,
  room: ChatRoom,
  patch: { slowModeS?: number; followersOnly?: boolean; actor: AuditActor },
): Promise<ChatRoomState> {
  requireModerator(room);
  return await sql.begin(async (tx) => {
    const [before] = await tx<RoomRow[]>`
      select ${ROOM_COLUMNS(tx)} from chat_rooms where video_id = ${room.videoId} for update`;
    const [row] = await tx<RoomRow[]>`
      update chat_rooms set
        slow_mode_s = coalesce(${patch.slowModeS ?? null}::int, slow_mode_s),
        followers_only = coalesce(${patch.followersOnly ?? null}::boolean, followers_only),
        updated_at = now()
      where video_id = ${room.videoId} returning ${ROOM_COLUMNS(tx)}`;
    const state = roomState(row);
    await publishChatEvent(tx, room.videoId, { type: "settings", room: state });
    const changed = (["slowModeS", "followersOnly"] as const)
      .filter((k) => before[k] !== row[k])
      .map((k) => [k, { from: before[k], to: row[k] }]);
    if (changed.length) {
      await recordAudit(tx, patch.actor, {
        action: "chat.settings",
        target: { kind: "video", id: room.videoId },
        details: Object.fromEntries(changed),
      });
    }
    return state;
  });
}
