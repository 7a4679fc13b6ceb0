import type { Sql } from "../db/mod.ts";
import type { Viewer } from "../videos/access.ts";
import type { CommentView, HeldReason } from "../shared/comments.ts";
import type { CommentVideo } from "./video.ts";

/** A comment row as COMMENT_COLUMNS selects it. */
export interface CommentRow {
  id: string;
  videoId: string;
  parentId: string | null;
  authorId: string;
  authorName: string;
  body: string;
  status: "visible" | "held";
  heldReason: HeldReason | null;
  replyCount: number;
  pinnedAt: Date | null;
  createdAt: Date;
  editedAt: Date | null;
}

/** The columns of a comment, from `comments c join users u on u.id = c.author_id`. */
export const COMMENT_COLUMNS = (sql: Sql) =>
  sql`c.id, c.video_id as "videoId", c.parent_id as "parentId", c.author_id as "authorId",
      u.display_name as "authorName", c.body, c.status, c.held_reason as "heldReason",
      c.reply_count as "replyCount", c.pinned_at as "pinnedAt", c.created_at as "createdAt",
      c.edited_at as "editedAt"`;

/**
 * The SQL condition over `comments c` for what `viewer` may read on `video`:
 * published comments, and held ones to their author and the video's moderators.
 */
export function readableSql(sql: Sql, video: CommentVideo, viewer: Viewer): ReturnType<Sql> {
  if (video.moderator) return sql`true`;
  if (!viewer) return sql`c.status = 'visible'`;
  return sql`(c.status = 'visible' or c.author_id = ${viewer.id})`;
}

/** readableSql()'s rule for one row. */
export function mayRead(row: CommentRow, video: CommentVideo, viewer: Viewer): boolean {
  return row.status === "visible" || video.moderator || row.authorId === viewer?.id;
}

/** A row as `viewer` sees it, with what they may do. */
export function toView(row: CommentRow, video: CommentVideo, viewer: Viewer): CommentView {
  const mine = !!viewer && row.authorId === viewer.id;
  return {
    id: row.id,
    videoId: row.videoId,
    parentId: row.parentId,
    author: { id: row.authorId, name: row.authorName },
    body: row.body,
    status: row.status,
    heldReason: row.heldReason,
    replyCount: Number(row.replyCount),
    pinned: row.pinnedAt !== null,
    createdAt: row.createdAt.toISOString(),
    editedAt: row.editedAt?.toISOString() ?? null,
    canEdit: mine && !video.commentsOff,
    canDelete: mine || video.moderator,
    canModerate: video.moderator,
  };
}
