import type { VideoState } from "../shared/video_states.ts";
import type { Sql } from "../db/mod.ts";
import { NotFoundError, PermissionError } from "../errors.ts";
import { isHeldForReview, isListed, listedCondition, videoPolicy } from "./lifecycle.ts";
import { accessGroupsEnforced, accessGroupSql, groupAllows } from "./_access_groups.ts";
import { premiumEnforced } from "./_premium.ts";

export {
  accessGroupsEnforced,
  enforceAccessGroups,
  groupAllows,
  groupMembersSql,
} from "./_access_groups.ts";
export { enforcePremium, isPremiumContent, premiumEnforced } from "./_premium.ts";

/**
 * Who is asking: nobody, or a signed-in user with a role and their access
 * group (category role; absent or null: none).
 */
export type Viewer =
  | {
    id: string;
    role: "viewer" | "creator" | "moderator" | "admin";
    accessGroupId?: number | null;
    /** Premium now (lib/billing/entitlement.ts); absent: not premium. */
    premium?: boolean;
  }
  | undefined;

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
  /** Published only after a moderator's approval (lifecycle.ts videoPolicy()). */
  reviewRequired: boolean;
  /** The uploader's access group when it was created (category-based access). */
  accessGroupId: number | null;
  durationS: number | null;
  width: number | null;
  height: number | null;
  viewCount: number;
  createdAt: Date;
  publishedAt: Date | null;
  updatedAt: Date;
  /** When a scheduled video goes public (null: no schedule pending). */
  publishAt: Date | null;
  /** Premium-only: its media only for premium members (premiumLocked()). */
  premium: boolean;
}

const COLUMNS = (sql: Sql) =>
  sql`v.id, v.owner_id as "ownerId", u.display_name as "ownerName", v.title, v.description, v.tags,
      v.category, v.visibility, v.status, v.status_reason as "statusReason",
      v.review_required as "reviewRequired", v.access_group_id as "accessGroupId", v.duration_s as "durationS",
      v.width, v.height, v.view_count as "viewCount", v.created_at as "createdAt",
      v.published_at as "publishedAt", v.updated_at as "updatedAt", v.publish_at as "publishAt",
      v.premium`;

/** Whether `viewer` owns the video or is an admin (may edit, delete, see it private). */
export function canManage(video: { ownerId: string }, viewer: Viewer): boolean {
  return !!viewer && (viewer.id === video.ownerId || viewer.role === "admin");
}

/** Whether `viewer` reviews videos and handles reports (moderators and admins). */
export function canModerate(viewer: Viewer): boolean {
  return !!viewer && (viewer.role === "moderator" || viewer.role === "admin");
}

/**
 * Whether `viewer` may watch a video that is not public yet (a preview): those
 * who manage it, and moderators while it waits for their decision. Moderators
 * get no more than that: editing stays canManage()'s.
 */
export function canPreview(video: { ownerId: string; status: string }, viewer: Viewer): boolean {
  // Moderators review every group's videos: the review queue is not a catalogue.
  return canManage(video, viewer) || (canModerate(viewer) && isHeldForReview(video.status));
}

/**
 * accessGroupSql() as two disjoint parts, for search's scopes
 * (lib/search/visibility.ts): `others` (after `v.visibility = 'public'`) keeps
 * only the viewer's group, a plain equality an ordered index walk filters
 * cheaply (with `or v.owner_id = …` the planner turned to bitmaps of every
 * match); `own` says which of the viewer's own listed videos their own scope
 * holds: the non-public ones, plus, while enforced, their public ones outside
 * that group (an uploader who changed group).
 */
export function accessGroupParts(
  sql: Sql,
  viewer: Viewer,
): { others: ReturnType<Sql>; own: ReturnType<Sql> } {
  const hidden = (): ReturnType<Sql> => sql`v.visibility <> 'public'`;
  if (!accessGroupsEnforced() || viewer?.role === "admin") return { others: sql``, own: hidden() };
  if (viewer?.accessGroupId == null) return { others: sql`and false`, own: sql`true` };
  return {
    others: sql`and v.access_group_id = ${viewer.accessGroupId}`,
    own: sql`(${hidden()} or v.access_group_id is distinct from ${viewer.accessGroupId})`,
  };
}

/**
 * The SQL condition over `videos v` for the public catalogue (home, channels,
 * categories, tags, related, trending, feeds): public and listed, and with
 * category-based access on, of the viewer's access group (or theirs; admins
 * all; anonymous none). Every list that anyone may read uses it, so a rule
 * added here reaches them all. A caller that leaves `viewer` out gets the
 * anonymous answer: nothing, while access is enforced.
 */
export function publicListedSql(sql: Sql, viewer?: Viewer): ReturnType<Sql> {
  return sql`v.visibility = 'public' and ${listedCondition(sql)} ${accessGroupSql(sql, viewer)}`;
}

/**
 * publicListedSql() over every access group: only for what is computed once
 * for everybody and filtered per viewer afterwards (the stored trending
 * ranking, whose cards go through publicListedSql() again) or for jobs that
 * apply groupMembersSql() to their recipients (announcements). Never a list
 * shown as it is.
 */
export function publicListedAnyGroupSql(sql: Sql): ReturnType<Sql> {
  return sql`v.visibility = 'public' and ${listedCondition(sql)}`;
}

/**
 * The SQL condition over `videos v` for what `viewer` may open from a personal
 * list (a playlist, watch history, liked videos, the follow feed): listed and
 * playable, and public or unlisted (the list holds its id, as a link would),
 * or private if the viewer manages it. A video turning private leaves every
 * list but its owner's view at once.
 */
export function viewableSql(sql: Sql, viewer: Viewer): ReturnType<Sql> {
  const manages = !viewer
    ? sql`false`
    : viewer.role === "admin"
    ? sql`true`
    : sql`v.owner_id = ${viewer.id}`;
  return sql`${listedCondition(sql)} and (v.visibility <> 'private' or ${manages}) ${
    accessGroupSql(sql, viewer)
  }`;
}

/** viewableSql()'s rule for one row the database returned (a second check). */
export function mayView(
  video: {
    ownerId: string;
    visibility: string;
    status: string;
    playableAt: Date | null;
    reviewRequired?: boolean;
    accessGroupId?: number | null;
  },
  viewer: Viewer,
): boolean {
  if (!isListed(video.status, videoPolicy(video)) || !video.playableAt) return false;
  if (!groupAllows(video, viewer)) return false;
  return video.visibility !== "private" || canManage(video, viewer);
}

async function videoById(sql: Sql, videoId: string): Promise<Video | undefined> {
  const [video] = await sql<Video[]>`
    select ${COLUMNS(sql)} from videos v join users u on u.id = v.owner_id where v.id = ${videoId}`;
  return video;
}

/**
 * The video if `viewer` may see it: public and unlisted for anyone with the
 * id, private for its owner and admins; one held for review (waiting, refused,
 * or still processing under review) only for its owner, admins and moderators;
 * with category-based access on, only for its access group (groupAllows()),
 * moderators still reaching held ones. Otherwise NotFound, so that a private,
 * held or other group's video's existence does not leak.
 */
export async function findVisibleVideo(
  sql: Sql,
  options: { videoId: string; viewer: Viewer },
): Promise<Video> {
  const video = await videoById(sql, options.videoId);
  if (!video) throw new NotFoundError("No such video.");
  if (video.visibility === "private" && !canManage(video, options.viewer)) {
    throw new NotFoundError("No such video.");
  }
  const held = isHeldForReview(video.status, videoPolicy(video));
  if (held && !canManage(video, options.viewer) && !canModerate(options.viewer)) {
    throw new NotFoundError("No such video.");
  }
  if (!held && !groupAllows(video, options.viewer)) throw new NotFoundError("No such video.");
  return video;
}

/**
 * The video if `viewer` may preview it (canPreview(): its managers, and
 * moderators while it waits for review), whatever its visibility: the review
 * queue's player. NotFound otherwise.
 */
export async function findPreviewVideo(
  sql: Sql,
  options: { videoId: string; viewer: Viewer },
): Promise<Video> {
  const video = await videoById(sql, options.videoId);
  if (!video || !canPreview(video, options.viewer)) throw new NotFoundError("No such video.");
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

/**
 * When `viewer` may watch a scheduled video: its publish time while it lies
 * ahead and the viewer may not preview it (they see "Premieres at…" and no
 * player, and the playback API refuses), else null. The media edge refuses its
 * bytes to them by its state (lifecycle.ts mediaAudience()).
 */
export function premiereFor(
  video: { ownerId: string; status: string; publishAt: Date | null },
  viewer: Viewer,
): Date | null {
  return video.publishAt && !canPreview(video, viewer) ? video.publishAt : null;
}

/**
 * Whether a premium-only video's media is withheld from `viewer`: while
 * premium is enforced (Stripe configured), everyone but premium members and
 * those who may preview it (its owner, admins; moderators while it waits for
 * review) sees its page, poster, title and description and a call to
 * subscribe, but gets no playback token, media or captions. The playback API,
 * the watch and embed pages (lib/videos/playback.ts) and the media edge
 * (media_access.ts) all ask this, so every way to the bytes obeys it.
 */
export function premiumLocked(
  video: { premium?: boolean; ownerId: string; status: string },
  viewer: Viewer,
): boolean {
  if (!premiumEnforced() || !video.premium) return false;
  return !viewer?.premium && !canPreview(video, viewer);
}
