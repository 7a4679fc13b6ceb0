import type { Sql } from "../db/mod.ts";
import { NotFoundError } from "../errors.ts";
import type { Viewer } from "../videos/access.ts";
import { COMMENT_COLUMNS, type CommentRow, mayRead, readableSql, toView } from "./_rows.ts";
import { decodeCommentCursor, encodeCommentCursor } from "./cursor.ts";
import type { CommentPage, CommentSection, CommentSort, ReplyPage } from "../shared/comments.ts";
import { type CommentVideo, findCommentVideo, requireCommentsOn } from "./video.ts";

/** Threads per page. */
export const COMMENT_PAGE_SIZE = 20;
/** Replies per page. */
export const REPLY_PAGE_SIZE = 20;

/**
 * One page of a video's threads (top-level comments) as `viewer` may read
 * them, newest or top (most replies, then newest) first, by keyset
 * (comments_video_new / comments_video_top). The pinned comment comes apart,
 * on the first page only. Refused when comments are off.
 */
export async function listComments(
  sql: Sql,
  video: CommentVideo,
  options: { viewer: Viewer; sort: CommentSort; cursor?: string; limit?: number },
): Promise<CommentPage> {
  requireCommentsOn(video);
  const { viewer, sort } = options;
  const limit = Math.min(options.limit ?? COMMENT_PAGE_SIZE, 100);
  const after = options.cursor ? decodeCommentCursor(options.cursor, sort) : undefined;
  const keyset = !after
    ? sql`true`
    : sort === "top"
    ? sql`(c.reply_count, c.created_at, c.id) < (${after.replies!}, ${after.at}, ${after.id})`
    : sql`(c.created_at, c.id) < (${after.at}, ${after.id})`;
  const order = sort === "top"
    ? sql`c.reply_count desc, c.created_at desc, c.id desc`
    : sql`c.created_at desc, c.id desc`;
  const [rows, pinned] = await Promise.all([
    sql<CommentRow[]>`
      select ${COMMENT_COLUMNS(sql)} from comments c join users u on u.id = c.author_id
      where c.video_id = ${video.id} and c.parent_id is null and c.pinned_at is null
        and ${readableSql(sql, video, viewer)} and ${keyset}
      order by ${order} limit ${limit + 1}`,
    after ? undefined : pinnedComment(sql, video, viewer),
  ]);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    comments: page.map((r) => toView(r, video, viewer)),
    pinned: pinned ? toView(pinned, video, viewer) : null,
    nextCursor: rows.length > limit && last
      ? encodeCommentCursor(sort, { replies: last.replyCount, at: last.createdAt, id: last.id })
      : null,
  };
}

async function pinnedComment(
  sql: Sql,
  video: CommentVideo,
  viewer: Viewer,
): Promise<CommentRow | undefined> {
  const [row] = await sql<CommentRow[]>`
    select ${COMMENT_COLUMNS(sql)} from comments c join users u on u.id = c.author_id
    where c.video_id = ${video.id} and c.pinned_at is not null
      and ${readableSql(sql, video, viewer)}`;
  return row;
}

/**
 * One page of a thread's replies, oldest first, as `viewer` may read them.
 * NotFound when the thread is not one they may read.
 */
export async function listReplies(
  sql: Sql,
  commentId: string,
  options: { viewer: Viewer; cursor?: string; limit?: number },
): Promise<ReplyPage> {
  const { thread, video } = await findReadableComment(sql, commentId, options.viewer);
  requireCommentsOn(video);
  if (thread.parentId) throw new NotFoundError("Replies belong to a top-level comment.");
  const limit = Math.min(options.limit ?? REPLY_PAGE_SIZE, 100);
  const after = options.cursor ? decodeCommentCursor(options.cursor, "replies") : undefined;
  const rows = await sql<CommentRow[]>`
    select ${COMMENT_COLUMNS(sql)} from comments c join users u on u.id = c.author_id
    where c.parent_id = ${thread.id}
      and ${readableSql(sql, video, options.viewer)}
      and ${after ? sql`(c.created_at, c.id) > (${after.at}, ${after.id})` : sql`true`}
    order by c.created_at, c.id limit ${limit + 1}`;
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    replies: page.map((r) => toView(r, video, options.viewer)),
    nextCursor: rows.length > limit && last
      ? encodeCommentCursor("replies", { at: last.createdAt, id: last.id })
      : null,
  };
}

/**
 * A comment and its video, if `viewer` may see both (the video through
 * findVisibleVideo, the comment if published or theirs or they moderate);
 * NotFound otherwise, so that a held comment does not leak.
 */
export async function findReadableComment(
  sql: Sql,
  commentId: string,
  viewer: Viewer,
): Promise<{ thread: CommentRow; video: CommentVideo }> {
  const [row] = await sql<CommentRow[]>`
    select ${COMMENT_COLUMNS(sql)} from comments c join users u on u.id = c.author_id
    where c.id = ${commentId}`;
  if (!row) throw new NotFoundError("No such comment.");
  const video = await findCommentVideo(sql, { videoId: row.videoId, viewer }).catch(() => {
    throw new NotFoundError("No such comment.");
  });
  if (!mayRead(row, video, viewer)) throw new NotFoundError("No such comment.");
  return { thread: row, video };
}

/**
 * What the watch page renders: the first page of `videoId`'s comments (none
 * when comments are off), the count and settings, and what the viewer may do.
 */
export async function commentSection(
  sql: Sql,
  options: { videoId: string; viewer: Viewer; sort?: CommentSort },
): Promise<CommentSection> {
  const video = await findCommentVideo(sql, options);
  const sort = options.sort ?? "newest";
  const page = video.commentsOff
    ? { comments: [], pinned: null, nextCursor: null }
    : await listComments(sql, video, { viewer: options.viewer, sort });
  return {
    ...page,
    videoId: video.id,
    sort,
    count: video.count,
    commentsOff: video.commentsOff,
    holdForReview: video.holdForReview,
    viewer: { id: options.viewer?.id ?? null, canModerate: video.moderator },
  };
}

/** One comment as `viewer` sees it (NotFound when they may not). */
export async function getComment(sql: Sql, commentId: string, viewer: Viewer) {
  const { thread, video } = await findReadableComment(sql, commentId, viewer);
  return toView(thread, video, viewer);
}
