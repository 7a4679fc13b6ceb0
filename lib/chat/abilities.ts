/**
 * What a viewer may do in a room, in one place: the socket's welcome, the
 * island's input and every post ask chatAbilities(), so the rule (signed in,
 * room open, not timed out or banned, a follower when followers-only; the
 * creator and moderators exempt from followers-only) is written once.
 */
import type { Sql } from "../db/mod.ts";
import { AuthenticationError, ConflictError, PermissionError } from "../errors.ts";
import type { ChatAbilities } from "../shared/chat.ts";
import type { Viewer } from "../videos/access.ts";
import type { ChatRoom } from "./rooms.ts";

/** The viewer's timeout or ban from the room's creator's chats, if one holds now. */
export async function activeRestriction(
  sql: Sql,
  options: { creatorId: string; userId: string },
): Promise<{ until: Date | null } | undefined> {
  const [row] = await sql<{ until: Date | null }[]>`
    select until from chat_restrictions
    where creator_id = ${options.creatorId} and user_id = ${options.userId}
      and (until is null or until > now())`;
  return row;
}

async function follows(sql: Sql, options: { followerId: string; creatorId: string }) {
  const [row] = await sql<{ yes: boolean }[]>`
    select exists (select 1 from follows
      where follower_id = ${options.followerId} and creator_id = ${options.creatorId}) as yes`;
  return row.yes;
}

/**
 * The viewer's abilities in `room`. With `require`, throws the reason instead
 * (401 anonymous, 409 closed, 403 restricted or not a follower).
 */
export async function chatAbilities(
  sql: Sql,
  options: { room: ChatRoom; viewer: Viewer; require?: boolean },
): Promise<ChatAbilities> {
  const { room, viewer } = options;
  const you: ChatAbilities = {
    canPost: false,
    canModerate: room.moderator,
    reason: null,
    timedOutUntil: null,
    banned: false,
    userId: viewer?.id ?? null,
  };
  let refusal: Error | undefined;
  if (!viewer) refusal = new AuthenticationError("Sign in to chat.");
  else if (!room.open) refusal = new ConflictError("This chat has ended.");
  else {
    const restriction = await activeRestriction(sql, {
      creatorId: room.ownerId,
      userId: viewer.id,
    });
    if (restriction) {
      you.banned = restriction.until === null;
      you.timedOutUntil = restriction.until?.toISOString() ?? null;
      refusal = new PermissionError(
        restriction.until
          ? `You are timed out of this chat until ${restriction.until.toISOString()}.`
          : "You are banned from this chat.",
      );
    } else if (
      room.followersOnly && !room.moderator && viewer.id !== room.ownerId &&
      !await follows(sql, { followerId: viewer.id, creatorId: room.ownerId })
    ) {
      refusal = new PermissionError("Only followers can chat right now: follow to join in.");
    }
  }
  if (refusal && options.require) throw refusal;
  you.canPost = !refusal;
  you.reason = refusal?.message ?? null;
  return you;
}
