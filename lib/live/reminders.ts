/**
 * Reminders before a scheduled stream: `REMIND_BEFORE_MS` ahead of its start a
 * job tells the creator's followers (notification kind `live_soon`), if the
 * stream is still public, not started and still scheduled for that time
 * (moving the time queues a new reminder; the old one then finds the time
 * changed and tells nobody). Each follower is told once per stream.
 */
import { z } from "zod";
import type { Queryable, Sql } from "../db/mod.ts";
import { notifyFollowers } from "../notifications/fanout.ts";
import { jobKind } from "../queue/mod.ts";
import { STREAM } from "../shared/live_states.ts";
import { findVisibleVideo } from "../videos/access.ts";

/** How long before a scheduled start followers are reminded. */
export const REMIND_BEFORE_MS = 10 * 60_000;

/** The reminder job (workers/live.ts). */
export const liveReminderKind = jobKind({
  kind: "live_reminder",
  payload: z.object({ videoId: z.uuid(), at: z.iso.datetime() }),
  videoOf: (p) => p.videoId,
  maxAttempts: 3,
});

/** Queues the reminder for a stream scheduled at `at` (at once when that is less than 10 min away). */
export async function queueReminder(sql: Queryable, videoId: string, at: Date): Promise<void> {
  await liveReminderKind.enqueue(sql, { videoId, at: at.toISOString() }, {
    runAt: new Date(Math.max(Date.now(), at.getTime() - REMIND_BEFORE_MS)),
    dedupeKey: `live_reminder:${videoId}:${at.getTime()}`,
  });
}

/** Tells the followers (see the module's comment); how many were told. */
export async function remindFollowers(sql: Sql, videoId: string, at: Date): Promise<number> {
  const [stream] = await sql<{ due: boolean }[]>`
    select state = ${STREAM.idle} and scheduled_at = ${at} as due
    from live_streams where video_id = ${videoId}`;
  if (!stream?.due) return 0;
  const video = await findVisibleVideo(sql, { videoId, viewer: undefined }).catch(() => undefined);
  if (!video || video.visibility !== "public") return 0;
  return await notifyFollowers(sql, video, { kind: "live_soon" });
}
