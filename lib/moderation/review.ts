/**
 * The review workflow (MODERATION=pre): the queue of videos waiting for a
 * moderator, approval (published), rejection with a reason (optionally
 * deleting the stored files), and the creator's resubmission of a rejected
 * video. Every state change goes through lib/videos/lifecycle.ts transition();
 * every decision is kept in `video_reviews` and in the audit log.
 */
import type { Sql } from "../db/mod.ts";
import { ConflictError, NotFoundError, PermissionError } from "../errors.ts";
import { log } from "../log.ts";
import { cancelJobsForVideo } from "../queue/mod.ts";
import { videoPrefixes } from "../storage/layout.ts";
import type { Storage } from "../storage/types.ts";
import { canManage, type Viewer } from "../videos/access.ts";
import { REVIEW_STATES, STATE, stateOnApproval, transition } from "../videos/lifecycle.ts";
import { deletePrefix } from "../videos/manage.ts";
import { notifyVideoOwner } from "../notifications/video_events.ts";
import { queueAnnouncement } from "../notifications/fanout.ts";
import { type AuditActor, recordAudit } from "./audit.ts";

/** A video waiting for review, as the queue shows it. */
export interface QueuedVideo {
  id: string;
  title: string;
  description: string;
  tags: string[];
  visibility: string;
  ownerId: string;
  ownerName: string;
  durationS: number | null;
  createdAt: Date;
}

/** Videos in review, oldest first (the index on in-review videos answers it), `limit` ≤ 100. */
export async function reviewQueue(
  sql: Sql,
  options: { limit: number; after?: { at: Date; id: string } },
): Promise<QueuedVideo[]> {
  const after = options.after;
  return await sql<QueuedVideo[]>`
    select v.id, v.title, v.description, v.tags, v.visibility, v.owner_id as "ownerId",
      u.display_name as "ownerName", v.duration_s as "durationS", v.created_at as "createdAt"
    from videos v join users u on u.id = v.owner_id
    where v.status = any(${[...REVIEW_STATES]})
      and ${after ? sql`(v.created_at, v.id) > (${after.at}, ${after.id})` : sql`true`}
    order by v.created_at, v.id limit ${Math.max(1, Math.min(options.limit, 100))}`;
}

/** How many videos wait for review. */
export async function pendingReviewCount(sql: Sql): Promise<number> {
  const [row] = await sql<{ n: number }[]>`
    select count(*)::int as n from videos where status = any(${[...REVIEW_STATES]})`;
  return row.n;
}

/** A moderator approves a video in review: it is published. ConflictError (409) otherwise. */
export async function approveVideo(sql: Sql, videoId: string, actor: AuditActor): Promise<void> {
  await sql.begin(async (tx) => {
    // Approved before its publish time: it waits for that time (lib/videos/publish_schedule.ts).
    const [v] = await tx<{ publishAt: Date | null }[]>`
      select publish_at as "publishAt" from videos where id = ${videoId}`;
    const to = stateOnApproval({ publishAt: v?.publishAt });
    await transition(tx, videoId, { to, from: REVIEW_STATES });
    if (to === STATE.published) await tx`update videos set publish_at = null where id = ${videoId}`;
    await tx`insert into video_reviews (video_id, moderator_id, decision)
      values (${videoId}, ${actor.id}, 'approve')`;
    await recordAudit(tx, actor, {
      action: "video.approve",
      target: { kind: "video", id: videoId },
    });
    await notifyVideoOwner(tx, videoId, { kind: "moderation_decision", decision: "approve" });
    await queueAnnouncement(tx, videoId);
  });
}

/**
 * A moderator rejects a video in review with a reason the creator will read.
 * With `deleteFiles`, its source and every processed output are deleted from
 * storage (the row stays, so the creator still sees the decision; such a
 * video cannot be resubmitted, only uploaded again).
 */
export async function rejectVideo(
  deps: { sql: Sql; storage: Storage },
  videoId: string,
  options: { actor: AuditActor; reason: string; deleteFiles: boolean },
): Promise<void> {
  const { actor, reason, deleteFiles } = options;
  const sourceKey = await deps.sql.begin(async (tx) => {
    await transition(tx, videoId, { to: STATE.rejected, from: REVIEW_STATES, reason });
    await tx`insert into video_reviews (video_id, moderator_id, decision, reason, files_deleted)
      values (${videoId}, ${actor.id}, 'reject', ${reason}, ${deleteFiles})`;
    await recordAudit(tx, actor, {
      action: "video.reject",
      target: { kind: "video", id: videoId },
      details: { reason, deleteFiles },
    });
    await notifyVideoOwner(tx, videoId, {
      kind: "moderation_decision",
      decision: "reject",
      reason,
    });
    if (!deleteFiles) return null;
    const [v] = await tx<{ sourceKey: string | null }[]>`
      select source_key as "sourceKey" from videos where id = ${videoId}`;
    // Nothing may point at objects about to go; the row keeps the decision.
    await tx`delete from renditions where video_id = ${videoId}`;
    await tx`update videos set source_key = null, master_key = null, poster_key = null,
        storyboard_key = null, playable_at = null, updated_at = now()
      where id = ${videoId}`;
    return v?.sourceKey ?? null;
  });
  if (!deleteFiles) return;
  await cancelJobsForVideo(deps.sql, videoId);
  let removed = 0;
  for (const prefix of videoPrefixes(videoId)) removed += await deletePrefix(deps.storage, prefix);
  if (sourceKey) await deps.storage.delete(sourceKey);
  log("info", "rejected video's files deleted", { videoId, objects: removed });
}

/**
 * The creator sends a rejected video back to review (after editing it). Only
 * its owner (or an admin); ConflictError when it is not rejected or its files
 * were deleted.
 */
export async function resubmitVideo(
  sql: Sql,
  videoId: string,
  options: { viewer: Viewer },
): Promise<void> {
  await sql.begin(async (tx) => {
    const [v] = await tx<{ ownerId: string; masterKey: string | null }[]>`
      select owner_id as "ownerId", master_key as "masterKey" from videos
      where id = ${videoId} for update`;
    if (!v) throw new NotFoundError("No such video.");
    if (!canManage(v, options.viewer)) {
      throw new PermissionError("Only the owner can resubmit this video.");
    }
    if (!v.masterKey) {
      throw new ConflictError("This video's files were deleted; upload it again instead.");
    }
    await transition(tx, videoId, { to: STATE.in_review, from: [STATE.rejected] });
    await tx`insert into video_reviews (video_id, moderator_id, decision)
      values (${videoId}, ${options.viewer!.id}, 'resubmit')`;
  });
}

/** The latest decision on a video, for its creator's studio page. */
export interface ReviewDecision {
  decision: "approve" | "reject" | "resubmit";
  reason: string | null;
  filesDeleted: boolean;
  at: Date;
}

/** The latest decision on the video, if any. */
export async function latestDecision(
  sql: Sql,
  videoId: string,
): Promise<ReviewDecision | undefined> {
  const [row] = await sql<ReviewDecision[]>`
    select decision, reason, files_deleted as "filesDeleted", created_at as at
    from video_reviews where video_id = ${videoId} order by id desc limit 1`;
  return row;
}
