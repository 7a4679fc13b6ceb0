import type { VideoState } from "../shared/video_states.ts";
import type { Sql } from "../db/mod.ts";
import { NotFoundError, PermissionError } from "../errors.ts";

/** Who is asking: nobody, or a signed-in user with a role. */
export type Viewer = { id: string; role: "viewer" | "creator" | "admin" } | undefined;

/** A video as the API returns it. */
export interface Video {
  id: string;
  ownerId: string;
  ownerName: string;
  title: string;
  description: string;
  tags: string[];
  category: string | null;
  visibility: "public" | "unlisted" | "private";
  status: VideoState;
  statusReason: string | null;
  durationS: number | null;
  width: number | null;
  height: number | null;
  viewCount: number;
  createdAt: Date;
  publishedAt: Date | null;
  updatedAt: Date;
}

const COLUMNS = (sql: Sql) =>
  sql`v.id, v.owner_id as "ownerId", u.display_name as "ownerName", v.title, v.description, v.tags,
      v.category, v.visibility, v.status, v.status_reason as "statusReason", v.duration_s as "durationS",
      v.width, v.height, v.view_count as "viewCount", v.created_at as "createdAt",
      v.published_at as "publishedAt", v.updated_at as "updatedAt"`;

/** Whether `viewer` owns the video or is an admin. */
export function canManage(video: { ownerId: string }, viewer: Viewer): boolean {
  return !!viewer && (viewer.id === video.ownerId || viewer.role === "admin");
}

/**
 * The video if `viewer` may see it: public and unlisted for anyone with the
 * id, private for its owner and admins. Otherwise NotFound, so that a private
 * video's existence does not leak.
 */
export async function findVisibleVideo(
  sql: Sql,
  options: { videoId: string; viewer: Viewer },
): Promise<Video> {
  const [video] = await sql<Video[]>`
    select ${
    COLUMNS(sql)
  } from videos v join users u on u.id = v.owner_id where v.id = ${options.videoId}`;
  if (!video) throw new NotFoundError("No such video.");
  if (video.visibility === "private" && !canManage(video, options.viewer)) {
    throw new NotFoundError("No such video.");
  }
  return video;
}

/** The video if `viewer` may change it; NotFound for those who may not even see it. */
export async function findManagedVideo(
  sql: Sql,
  options: { videoId: string; viewer: Viewer },
): Promise<Video> {
  const video = await findVisibleVideo(sql, options);
  if (!canManage(video, options.viewer)) {
    throw new PermissionError("Only the owner can change this video.");
  }
  return video;
}

/** A creator's own videos, newest first, every status. */
export async function listOwnVideos(
  sql: Sql,
  options: { ownerId: string; limit: number },
): Promise<Video[]> {
  return await sql<Video[]>`
    select ${COLUMNS(sql)} from videos v join users u on u.id = v.owner_id
    where v.owner_id = ${options.ownerId}
    order by v.created_at desc limit ${options.limit}`;
}
