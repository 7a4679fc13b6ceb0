/**
 * "A creator you follow posted a video": when a video becomes public and
 * listed, a job tells each follower, in batches of 1,000 (one statement each,
 * preferences applied in it), never inside the request or transition that
 * published it. A re-run (a retried job, a video published again after a
 * re-encode) tells nobody twice: each notification carries the video's
 * dedupe key.
 */
import { z } from "zod";
import type { Queryable, Sql } from "../db/mod.ts";
import { jobKind } from "../queue/mod.ts";
import { groupMembersSql, publicListedAnyGroupSql } from "../videos/access.ts";
import { notifyMany } from "./notify.ts";

/** Followers told per statement. */
export const FANOUT_BATCH = 1000;

/** The job that tells a creator's followers about one video (workers/notifications.ts). */
export const announceVideoKind = jobKind({
  kind: "announce_video",
  payload: z.object({ videoId: z.uuid() }),
  concurrency: 2,
  maxAttempts: 5,
});

/**
 * Queues the announcement of `videoId` (inside the caller's transaction when
 * given one, so it exists exactly when the video became public).
 */
export async function queueAnnouncement(sql: Queryable, videoId: string): Promise<void> {
  await announceVideoKind.enqueue(sql, { videoId }, { dedupeKey: `announce:${videoId}` });
}

/**
 * Tells every follower of the video's creator, if the video is still public
 * and listed now (it may have been made private since it was queued), and
 * only those who may see it (category-based access: the video's access group,
 * groupMembersSql()). Returns how many notifications were stored.
 */
export async function announceVideo(sql: Sql, videoId: string): Promise<number> {
  const [video] = await sql<{ ownerId: string; title: string; accessGroupId: number | null }[]>`
    select v.owner_id as "ownerId", v.title, v.access_group_id as "accessGroupId" from videos v
    where v.id = ${videoId} and ${publicListedAnyGroupSql(sql)}`;
  if (!video) return 0;
  return await notifyFollowers(sql, { id: videoId, ...video }, { kind: "new_video" });
}

/**
 * Tells each follower of the video's creator who may see the video (its
 * access group, groupMembersSql()), in batches of FANOUT_BATCH, once per
 * video and kind (the dedupe key `kind:videoId`). Returns how many were told.
 * New videos and live reminders both go through here.
 */
export async function notifyFollowers(
  sql: Sql,
  video: { id: string; ownerId: string; title: string; accessGroupId: number | null },
  options: { kind: "new_video" | "live_soon" },
): Promise<number> {
  let after = "00000000-0000-0000-0000-000000000000";
  let stored = 0;
  while (true) {
    const batch = await sql<{ id: string }[]>`
      select follower_id as id from follows
      where creator_id = ${video.ownerId} and follower_id > ${after}::uuid
        ${groupMembersSql(sql, video, { userIdColumn: "follower_id" })}
      order by follower_id limit ${FANOUT_BATCH}`;
    if (batch.length === 0) break;
    stored += await notifyMany(sql, batch.map((r) => r.id), {
      kind: options.kind,
      actorId: video.ownerId,
      videoId: video.id,
      data: { title: video.title },
      dedupeKey: `${options.kind}:${video.id}`,
    });
    after = batch[batch.length - 1].id;
    if (batch.length < FANOUT_BATCH) break;
  }
  return stored;
}
