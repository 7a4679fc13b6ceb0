import type { Sql } from "../db/mod.ts";
import { ConflictError, PermissionError } from "../errors.ts";
import type { Viewer } from "../videos/access.ts";
import { COMMENT_COLUMNS, type CommentRow, toView } from "./_rows.ts";
import { findBlockedWord, listBlockedWords } from "./blocked_words.ts";
import { findReadableComment } from "./list.ts";
import { tellAboutComment } from "./notify.ts";
import type { CommentView, HeldReason } from "../shared/comments.ts";
import { type CommentVideo, findCommentVideo, requireCommentsOn } from "./video.ts";

type SignedIn = NonNullable<Viewer>;

/**
 * Whether a comment by `author` with `body` waits for review, and why: a
 * blocked word always holds it; "hold all" holds everyone's but the video's
 * own moderators'.
 */
async function holdReason(
  sql: Sql,
  body: string,
  options: { video: CommentVideo },
): Promise<HeldReason | null> {
  if (findBlockedWord(body, await listBlockedWords(sql))) return "blocked_word";
  if (options.video.holdForReview && !options.video.moderator) return "review";
  return null;
}

async function readBack(sql: Sql, id: string, options: { video: CommentVideo; viewer: Viewer }) {
  const [row] = await sql<CommentRow[]>`
    select ${COMMENT_COLUMNS(sql)} from comments c join users u on u.id = c.author_id
    where c.id = ${id}`;
  return toView(row, options.video, options.viewer);
}

/**
 * Posts a comment on a video `author` may see, or a reply: `parentId` names
 * any comment of the thread (a reply to a reply joins its thread). Body text
 * is already validated (trimmed, 1–5,000 characters, no control characters).
 * Refused when comments are off; a held thread takes no replies yet.
 */
export async function createComment(
  sql: Sql,
  author: SignedIn,
  input: { videoId: string; body: string; parentId?: string },
): Promise<CommentView> {
  const video = await findCommentVideo(sql, { videoId: input.videoId, viewer: author });
  requireCommentsOn(video);
  let threadId: string | null = null;
  if (input.parentId) {
    const { thread } = await findReadableComment(sql, input.parentId, author);
    if (thread.videoId !== video.id) throw new ConflictError("That comment is on another video.");
    threadId = thread.parentId ?? thread.id;
    const [top] = await sql<
      { status: string }[]
    >`select status from comments where id = ${threadId}`;
    if (top?.status !== "visible") {
      throw new ConflictError("This comment is awaiting review; replies open once it is approved.");
    }
  }
  const reason = await holdReason(sql, input.body, { video });
  const [row] = await sql<{ id: string }[]>`
    insert into comments (video_id, author_id, parent_id, body, status, held_reason)
    values (${video.id}, ${author.id}, ${threadId}, ${input.body},
            ${reason ? "held" : "visible"}, ${reason})
    returning id`;
  if (!reason) await tellAboutComment(sql, row.id);
  return await readBack(sql, row.id, { video, viewer: author });
}

/**
 * Changes the text of the viewer's own comment (marked edited). A blocked
 * word sends a published comment back to review.
 */
export async function editComment(
  sql: Sql,
  viewer: SignedIn,
  input: { commentId: string; body: string },
): Promise<CommentView> {
  const { thread: row, video } = await findReadableComment(sql, input.commentId, viewer);
  if (row.authorId !== viewer.id) throw new PermissionError("Only its author can edit a comment.");
  requireCommentsOn(video);
  const blocked = findBlockedWord(input.body, await listBlockedWords(sql));
  await sql`
    update comments set body = ${input.body}, edited_at = now(),
      status = case when ${!!blocked} then 'held' else status end,
      held_reason = case when ${!!blocked} and status = 'visible' then 'blocked_word'
                         else held_reason end,
      pinned_at = case when ${!!blocked} then null else pinned_at end
    where id = ${row.id}`;
  return await readBack(sql, row.id, { video, viewer });
}

/**
 * Deletes a comment (and a thread's replies): its author, the video's
 * creator, or an admin.
 */
export async function deleteComment(sql: Sql, viewer: SignedIn, commentId: string): Promise<void> {
  const { thread: row, video } = await findReadableComment(sql, commentId, viewer);
  if (row.authorId !== viewer.id && !video.moderator) {
    throw new PermissionError("Only its author or the video's creator can delete a comment.");
  }
  await sql`delete from comments where id = ${row.id}`;
}
