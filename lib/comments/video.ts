import type { Queryable, Sql } from "../db/mod.ts";
import { PermissionError } from "../errors.ts";
import { canManage, findVisibleVideo, type Viewer } from "../videos/access.ts";
import type { CommentSettings } from "../shared/comments.ts";

/** A video as comments need it: who owns it, its settings and its count. */
export interface CommentVideo extends CommentSettings {
  id: string;
  ownerId: string;
  count: number;
  /** The viewer manages the video (its creator or an admin). */
  moderator: boolean;
}

/** The message for every refused action on a video whose comments are off. */
export const COMMENTS_OFF_MESSAGE = "Comments are turned off for this video.";

/**
 * The video if `viewer` may see it (findVisibleVideo: NotFound otherwise),
 * with its comment settings.
 */
export async function findCommentVideo(
  sql: Sql,
  options: { videoId: string; viewer: Viewer },
): Promise<CommentVideo> {
  // In parallel: the settings are only used once findVisibleVideo let the viewer in.
  const [video, [row]] = await Promise.all([
    findVisibleVideo(sql, options),
    sql<{ count: number; commentsOff: boolean; holdForReview: boolean }[]>`
      select comment_count as count, comments_off as "commentsOff",
        comments_held as "holdForReview"
      from videos where id = ${options.videoId}`,
  ]);
  return {
    id: video.id,
    ownerId: video.ownerId,
    ...row,
    moderator: canManage(video, options.viewer),
  };
}

/** Refuses (403 with a clear message) when the video's comments are off. */
export function requireCommentsOn(video: CommentSettings): void {
  if (video.commentsOff) throw new PermissionError(COMMENTS_OFF_MESSAGE);
}

/** Changes a video's comment settings (the caller checked that the viewer manages it). */
export async function updateCommentSettings(
  sql: Queryable,
  videoId: string,
  patch: Partial<CommentSettings>,
): Promise<CommentSettings> {
  const [row] = await sql<CommentSettings[]>`
    update videos set comments_off = coalesce(${patch.commentsOff ?? null}::boolean, comments_off),
      comments_held = coalesce(${patch.holdForReview ?? null}::boolean, comments_held)
    where id = ${videoId}
    returning comments_off as "commentsOff", comments_held as "holdForReview"`;
  return row;
}
