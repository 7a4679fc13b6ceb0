/**
 * Moderating a room: deleting a message (its author too), timing a user out or
 * banning them from the creator's chats (a ban also removes their messages
 * from the room), and lifting that. Every action reaches every socket, and
 * every moderator's action is appended to the audit log (chat.*) in the same
 * transaction; an author deleting their own message is not moderation.
 */
import type { Sql } from "../db/mod.ts";
import { NotFoundError, PermissionError } from "../errors.ts";
import { type AuditActor, recordAudit } from "../moderation/audit.ts";
import type { Viewer } from "../videos/access.ts";
import { canModerate } from "../videos/access.ts";
import { publishChatEvent } from "./events.ts";
import { type ChatRoom, requireModerator } from "./rooms.ts";

/** The longest timeout, in seconds (a week); longer is a ban. */
export const MAX_TIMEOUT_S = 7 * 24 * 3600;

/** Deletes a message of `room`: its author, the creator or a moderator. */
export async function deleteChatMessage(
  sql: Sql,
  viewer: NonNullable<Viewer>,
  options: { room: ChatRoom; messageId: number; actor: AuditActor },
): Promise<void> {
  const { room } = options;
  await sql.begin(async (tx) => {
    const [row] = await tx<{ authorId: string; deleted: boolean }[]>`
      select author_id as "authorId", deleted_at is not null as deleted from chat_messages
      where id = ${options.messageId} and video_id = ${room.videoId} for update`;
    if (!row || row.deleted) throw new NotFoundError("No such message.");
    if (row.authorId !== viewer.id) requireModerator(room);
    await tx`update chat_messages set deleted_at = now(), deleted_by = ${viewer.id}
      where id = ${options.messageId}`;
    await publishChatEvent(tx, room.videoId, { type: "deleted", messageId: options.messageId });
    if (row.authorId !== viewer.id) {
      await recordAudit(tx, options.actor, {
        action: "chat.delete",
        target: { kind: "user", id: row.authorId },
        details: { videoId: room.videoId, messageId: options.messageId },
      });
    }
  });
}

/**
 * Times `userId` out for `durationS` seconds, or bans them (`durationS` null)
 * from the room's creator's chats; a ban also removes their messages from this
 * room. The creator and moderators cannot be restricted.
 */
export async function restrictChatUser(
  sql: Sql,
  moderator: NonNullable<Viewer>,
  options: {
    room: ChatRoom;
    userId: string;
    durationS: number | null;
    reason?: string;
    actor: AuditActor;
  },
): Promise<{ until: Date | null }> {
  const { room, userId } = options;
  requireModerator(room);
  const [target] = await sql<{ role: string }[]>`select role from users where id = ${userId}`;
  if (!target) throw new NotFoundError("We could not find that person.");
  if (
    userId === room.ownerId ||
    canModerate({ id: userId, role: target.role as NonNullable<Viewer>["role"] })
  ) {
    throw new PermissionError("The creator and moderators cannot be timed out or banned.");
  }
  return await sql.begin(async (tx) => {
    const [row] = await tx<{ until: Date | null }[]>`
      insert into chat_restrictions (creator_id, user_id, until, reason, by_id)
      values (${room.ownerId}, ${userId},
        ${options.durationS === null ? null : new Date(Date.now() + options.durationS * 1000)},
        ${options.reason ?? null}, ${moderator.id})
      on conflict (creator_id, user_id) do update set until = excluded.until,
        reason = excluded.reason, by_id = excluded.by_id, created_at = now()
      returning until`;
    const until = row.until?.toISOString() ?? null;
    await publishChatEvent(tx, room.videoId, { type: "restricted", userId, until });
    if (row.until === null) {
      await tx`update chat_messages set deleted_at = now(), deleted_by = ${moderator.id}
        where video_id = ${room.videoId} and author_id = ${userId} and deleted_at is null`;
      await publishChatEvent(tx, room.videoId, { type: "purged", userId });
    }
    await recordAudit(tx, options.actor, {
      action: row.until === null ? "chat.ban" : "chat.timeout",
      target: { kind: "user", id: userId },
      details: {
        videoId: room.videoId,
        creatorId: room.ownerId,
        ...(until ? { until, durationS: options.durationS } : {}),
        ...(options.reason ? { reason: options.reason } : {}),
      },
    });
    return row;
  });
}

/** Lifts a timeout or ban of `userId` from the room's creator's chats. */
export async function liftChatRestriction(
  sql: Sql,
  options: { room: ChatRoom; userId: string; actor: AuditActor },
): Promise<void> {
  requireModerator(options.room);
  await sql.begin(async (tx) => {
    const gone = await tx`delete from chat_restrictions
      where creator_id = ${options.room.ownerId} and user_id = ${options.userId} returning 1`;
    if (!gone.length) throw new NotFoundError("That person is not timed out or banned.");
    await publishChatEvent(tx, options.room.videoId, {
      type: "restricted",
      userId: options.userId,
      until: new Date(0).toISOString(),
    });
    await recordAudit(tx, options.actor, {
      action: "chat.lift",
      target: { kind: "user", id: options.userId },
      details: { videoId: options.room.videoId, creatorId: options.room.ownerId },
    });
  });
}
