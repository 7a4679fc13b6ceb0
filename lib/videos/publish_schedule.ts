/**
 * Scheduled publishing: an owner sets the time a video goes public; until
 * then it is held back from every list, search and player but its managers'
 * (lib/videos/lifecycle.ts: a pending `publish_at` makes its policy
 * `scheduled`, and `scheduled` is a managers-only state). A one-shot job runs
 * at that time and a recurring sweep catches anything a job missed; both
 * publish every due video (publishDueVideos(), clock injectable for tests).
 */
import { z } from "zod";
import type { Queryable, Sql } from "../db/mod.ts";
import { ConflictError, NotFoundError, ValidationError } from "../errors.ts";
import { queueAnnouncement } from "../notifications/fanout.ts";
import { defineSchedule, jobKind } from "../queue/mod.ts";
import {
  SCHEDULABLE_STATES,
  SCHEDULED_FROM,
  STATE,
  stateWhenUnscheduled,
  statusLabel,
  transition,
  videoPolicy,
  type VideoState,
} from "./lifecycle.ts";

/** How far ahead a video may be scheduled (a year). */
export const MAX_SCHEDULE_AHEAD_MS = 366 * 24 * 60 * 60 * 1000;
/** Videos published per run: a run with more left is followed by the next slot. */
const BATCH = 100;

/** The job that publishes due videos (payload: the video it was queued for, if any). */
export const publishScheduledKind = jobKind({
  kind: "publish_scheduled",
  payload: z.object({ videoId: z.uuid().optional() }),
  videoOf: (p) => p.videoId,
  maxAttempts: 5,
});

/** The safety net: every minute, whatever the one-shot jobs did. */
export const publishScheduledSweep = defineSchedule({
  name: "publish_scheduled",
  everyMs: 60_000,
  kind: publishScheduledKind,
  payload: {},
});

/**
 * Sets (or moves) the time `videoId` goes public. A processed video becomes
 * `scheduled` at once; one still processing or in review keeps its state and
 * the time applies when that ends. The time must lie ahead (a ValidationError
 * otherwise); a published, failed or rejected video cannot be scheduled
 * (ConflictError). Queues the job that publishes it at that time.
 */
export async function schedulePublish(
  sql: Sql,
  videoId: string,
  options: { publishAt: Date; now?: Date },
): Promise<void> {
  const now = options.now ?? new Date();
  const at = options.publishAt;
  if (Number.isNaN(at.getTime()) || at <= now) {
    throw new ValidationError("Choose a time in the future.", {
      details: { fields: [{ field: "publishAt", message: "Choose a time in the future." }] },
    });
  }
  if (at.getTime() - now.getTime() > MAX_SCHEDULE_AHEAD_MS) {
    throw new ValidationError("Choose a time within a year.", {
      details: { fields: [{ field: "publishAt", message: "Choose a time within a year." }] },
    });
  }
  await sql.begin(async (tx) => {
    const status = await lockStatus(tx, videoId);
    if (!SCHEDULABLE_STATES.includes(status)) {
      throw new ConflictError(
        `A video that is ${statusLabel(status).toLowerCase()} cannot be scheduled.`,
        { details: { from: status } },
      );
    }
    await tx`update videos set publish_at = ${at}, updated_at = now() where id = ${videoId}`;
    if (SCHEDULED_FROM.includes(status)) {
      await transition(tx, videoId, { to: STATE.scheduled, from: SCHEDULED_FROM });
    }
    await publishScheduledKind.enqueue(tx, { videoId }, {
      runAt: at,
      dedupeKey: `publish:${videoId}:${at.getTime()}`,
    });
  });
}

/**
 * Removes a pending schedule: a scheduled video goes back to auto-published
 * (`ready`), or `published` if a moderator had approved it; one still
 * processing or in review just loses the time. A no-op without a schedule.
 */
export async function unschedulePublish(sql: Sql, videoId: string): Promise<void> {
  await sql.begin(async (tx) => {
    const status = await lockStatus(tx, videoId);
    const [row] = await tx<{ reviewRequired: boolean }[]>`
      update videos set publish_at = null, updated_at = now() where id = ${videoId}
      returning review_required as "reviewRequired"`;
    if (status === STATE.scheduled) {
      const to = stateWhenUnscheduled(videoPolicy(row));
      await transition(tx, videoId, { to, from: [STATE.scheduled] });
      if (to === STATE.ready) await queueAnnouncement(tx, videoId);
    }
  });
}

/**
 * Publishes every scheduled video whose time has come by `now` (up to a
 * batch): `scheduled → published`, published_at = the scheduled time, the
 * schedule cleared, followers told (if public). Locked rows are skipped, so
 * two workers never publish one video twice. Answers the ids published.
 */
export async function publishDueVideos(
  sql: Sql,
  options: { now?: Date } = {},
): Promise<string[]> {
  const now = options.now ?? new Date();
  return await sql.begin(async (tx) => {
    const due = await tx<{ id: string; publishAt: Date }[]>`
      select id, publish_at as "publishAt" from videos
      where publish_at <= ${now} and status = ${STATE.scheduled}
      order by publish_at limit ${BATCH} for update skip locked`;
    for (const v of due) {
      await transition(tx, v.id, { to: STATE.published, from: [STATE.scheduled] });
      await tx`update videos set publish_at = null, published_at = ${v.publishAt}
        where id = ${v.id}`;
      await queueAnnouncement(tx, v.id);
    }
    return due.map((v) => v.id);
  });
}

async function lockStatus(tx: Queryable, videoId: string): Promise<VideoState> {
  const [row] = await tx<{ status: VideoState }[]>`
    select status from videos where id = ${videoId} for update`;
  if (!row) throw new NotFoundError("No such video.");
  return row.status;
}
