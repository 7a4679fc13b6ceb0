import type { Sql } from "../db/mod.ts";
import { ConflictError, NotFoundError, PermissionError } from "../errors.ts";
import type { Viewer } from "../videos/access.ts";
import { findReadableComment } from "./list.ts";
import { tellAboutComment } from "./notify.ts";
import { requireCommentsOn } from "./video.ts";

type SignedIn = NonNullable<Viewer>;

async function moderated(sql: Sql, viewer: SignedIn, commentId: string) {
  const found = await findReadableComment(sql, commentId, viewer);
  if (!found.video.moderator) {
    throw new PermissionError("Only the video's creator can do that.");
  }
  requireCommentsOn(found.video);
  return found;
}

/**
 * Pins a published top-level comment to the top of its video's comments
 * (unpinning any other), or unpins it: the video's creator or an admin.
 */
export async function pinComment(
  sql: Sql,
  viewer: SignedIn,
  options: { commentId: string; pinned: boolean },
): Promise<void> {
  const { thread: row } = await moderated(sql, viewer, options.commentId);
  if (!options.pinned) {
    await sql`update comments set pinned_at = null where id = ${row.id}`;
    return;
  }
  if (row.parentId) throw new ConflictError("Only a top-level comment can be pinned.");
  if (row.status !== "visible") throw new ConflictError("Approve the comment before pinning it.");
  await sql.begin(async (tx) => {
    await tx`update comments set pinned_at = null
      where video_id = ${row.videoId} and pinned_at is not null`;
    await tx`update comments set pinned_at = now() where id = ${row.id}`;
  });
}

/** Publishes a held comment: the video's creator or an admin. */
export async function approveComment(
  sql: Sql,
  viewer: SignedIn,
  commentId: string,
): Promise<void> {
  const { thread: row } = await moderated(sql, viewer, commentId);
  if (row.parentId) {
    const [top] = await sql<{ status: string }[]>`
      select status from comments where id = ${row.parentId}`;
    if (top?.status !== "visible") throw new ConflictError("Approve the thread first.");
  }
  await sql`update comments set status = 'visible', held_reason = null where id = ${row.id}`;
  await tellAboutComment(sql, row.id, { except: viewer.id });
}

/**
 * Removes a comment (and its thread's replies) for a moderator acting on
 * reports (lib/moderation/reports.ts): whoever wrote it, whatever the video's
 * settings. Answers its author, or NotFound when it is already gone.
 */
export async function removeReportedComment(
  sql: Sql,
  commentId: string,
): Promise<{ authorId: string }> {
  const [row] = await sql<{ authorId: string }[]>`
    delete from comments where id = ${commentId} returning author_id as "authorId"`;
  if (!row) throw new NotFoundError("No such comment.");
  return row;
}

/** Who wrote a comment (reports ban the person behind it); NotFound when it is gone. */
export async function commentAuthor(sql: Sql, commentId: string): Promise<string> {
  const [row] = await sql<{ authorId: string }[]>`
    select author_id as "authorId" from comments where id = ${commentId}`;
  if (!row) throw new NotFoundError("No such comment.");
  return row.authorId;
}
