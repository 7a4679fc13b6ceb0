import type { Sql } from "../db/mod.ts";
import { NotFoundError } from "../errors.ts";
import { isJobWaiting, setProgress } from "../queue/mod.ts";
import { notifyVideoOwner } from "../notifications/video_events.ts";
import { queueAnnouncement } from "../notifications/fanout.ts";
import { reviewRequiredFor } from "../moderation/policy.ts";
import { isProcessingStage, type ProcessingStage } from "../shared/processing_stage.ts";
import {
  hasFailed,
  isInProgress,
  isProcessed,
  REPROCESSED_FROM,
  STATE,
  stateAfterProcessing,
  transition,
  videoPolicy,
  type VideoState,
} from "./lifecycle.ts";

/** A video's processing state, as GET /api/v1/videos/:id will show it. */
export interface ProcessingStatus {
  status: VideoState;
  /** Percent, 0–100. */
  progress: number;
  /** A reason a person can read, when processing failed (or an attempt is being retried). */
  error: string | null;
  /** True as soon as a master playlist can be played, even while processing goes on. */
  playable: boolean;
  /** What processing is doing (null once it is over or before the upload completes). */
  stage: ProcessingStage | null;
  /** The ladder's rungs while they are encoded ("720p", …), else empty. */
  rungs: string[];
  /** Seconds the worker expects to need still; null when it cannot tell yet. */
  etaS: number | null;
}

/** The processing state of a video, or undefined when it does not exist. */
export async function getProcessingStatus(
  sql: Sql,
  videoId: string,
): Promise<ProcessingStatus | undefined> {
  const [row] = await sql<
    {
      status: VideoState;
      reason: string | null;
      masterKey: string | null;
      playableAt: Date | null;
      progress: number | null;
      jobError: string | null;
      jobStatus: string | null;
      detail: { stage?: unknown; rungs?: unknown; etaS?: unknown } | null;
    }[]
  >`
    select v.status, v.status_reason as reason, v.master_key as "masterKey",
           v.playable_at as "playableAt", j.progress, j.error as "jobError", j.status as "jobStatus",
           j.progress_detail as detail
    from videos v
    left join lateral (
      select progress, error, state as status, progress_detail from jobs
      where video_id = v.id and kind = 'transcode' order by created_at desc limit 1
    ) j on true
    where v.id = ${videoId}`;
  if (!row) return undefined;
  return {
    status: row.status,
    progress: isProcessed(row.status) ? 100 : Math.round((row.progress ?? 0) * 10) / 10,
    error: hasFailed(row.status)
      ? row.reason ?? row.jobError ?? "Processing failed."
      : row.jobStatus && isJobWaiting(row.jobStatus)
      ? row.jobError
      : null,
    playable: Boolean(row.masterKey && row.playableAt),
    ...stageOf(row.status, row.jobStatus, row.detail),
  };
}

/** The stage, rungs and estimate from a transcode job's detail (written by the worker). */
function stageOf(
  status: VideoState,
  jobStatus: string | null,
  detail: { stage?: unknown; rungs?: unknown; etaS?: unknown } | null,
): Pick<ProcessingStatus, "stage" | "rungs" | "etaS"> {
  const none = { stage: null, rungs: [], etaS: null };
  if (!isInProgress(status)) return none;
  if (status === STATE.uploaded || !jobStatus || isJobWaiting(jobStatus)) {
    return { ...none, stage: "queued" };
  }
  const rungs = Array.isArray(detail?.rungs)
    ? detail.rungs.filter((r): r is string => typeof r === "string").slice(0, 10)
    : [];
  const eta = typeof detail?.etaS === "number" && detail.etaS > 0 ? detail.etaS : null;
  return { stage: isProcessingStage(detail?.stage) ? detail.stage : "probing", rungs, etaS: eta };
}

/**
 * Records a transcode attempt starting (the job itself is marked running by
 * its claim); returns false when the video no longer exists. The first start
 * (from `uploaded`) also fixes the video's publish policy: whether it waits for
 * review (lib/moderation/policy.ts), before it can become playable and listed.
 */
export async function markJobStarted(
  sql: Sql,
  job: { videoId: string | null; id?: string; attempts?: number; workerId?: string },
): Promise<boolean> {
  if (!job.videoId) return false;
  const videoId = job.videoId;
  return await ifVideoExists(() =>
    sql.begin(async (tx) => {
      const from = await transition(tx, videoId, {
        to: STATE.processing,
        from: REPROCESSED_FROM,
        ifAllowed: true,
      });
      if (from !== STATE.uploaded) return;
      const required = await reviewRequiredFor(tx, videoId);
      await tx`update videos set review_required = ${required} where id = ${videoId}`;
    })
  );
}

/** Runs `fn`; false instead of its NotFoundError (the video was deleted meanwhile). */
async function ifVideoExists(fn: () => Promise<unknown>): Promise<boolean> {
  try {
    await fn();
    return true;
  } catch (err) {
    if (err instanceof NotFoundError) return false;
    throw err;
  }
}

/** Stores a running job's progress percent and stage (the job ledger holds them). */
export async function setJobProgress(
  sql: Sql,
  jobId: string,
  report: { percent: number; detail?: Record<string, unknown> },
): Promise<void> {
  await setProgress(sql, jobId, report.percent, { detail: report.detail });
}

/** Records the probed facts of the source. */
export async function setSourceFacts(
  sql: Sql,
  videoId: string,
  facts: { durationS: number; width: number; height: number },
): Promise<void> {
  await sql`
    update videos set duration_s = ${facts.durationS}, width = ${facts.width},
      height = ${facts.height}, updated_at = now()
    where id = ${videoId}`;
}

/** A variant row in `renditions`. */
export interface RenditionRow {
  name: string;
  width: number;
  height: number;
  bitrate: number;
  codecs: string;
  playlistKey: string;
}

/**
 * Publishes a (new) master playlist: stores the renditions it lists (and only
 * those) and marks the video playable, keeping the first time it became so.
 */
export async function publishMaster(
  sql: Sql,
  videoId: string,
  options: { masterKey: string; renditions: RenditionRow[]; posterKey?: string },
): Promise<void> {
  await sql.begin(async (tx) => {
    const names = options.renditions.map((r) => r.name);
    await tx`delete from renditions where video_id = ${videoId} and not (name = any(${names}))`;
    for (const r of options.renditions) {
      await tx`
        insert into renditions (video_id, name, width, height, bitrate, codecs, playlist_key)
        values (${videoId}, ${r.name}, ${r.width}, ${r.height}, ${r.bitrate}, ${r.codecs},
                ${r.playlistKey})
        on conflict (video_id, name) do update set width = excluded.width,
          height = excluded.height, bitrate = excluded.bitrate, codecs = excluded.codecs,
          playlist_key = excluded.playlist_key`;
    }
    await tx`
      update videos set master_key = ${options.masterKey},
        poster_key = coalesce(${options.posterKey ?? null}, poster_key),
        playable_at = coalesce(playable_at, now()), updated_at = now()
      where id = ${videoId}`;
  });
}

/**
 * Marks processing finished: the video moves on as its publish policy says
 * (`in_review` when it needs review, else `ready`), unless it was published, reviewed or
 * scheduled meanwhile, which it keeps. The job is marked succeeded by its
 * runner once the handler returns. Returns false when the video is gone.
 */
export async function markReady(
  sql: Sql,
  ids: { videoId: string; jobId: string },
  keys: { posterKey?: string; storyboardKey?: string },
): Promise<boolean> {
  return await ifVideoExists(() =>
    sql.begin(async (tx) => {
      const [video] = await tx<{ reviewRequired: boolean; publishAt: Date | null }[]>`
        select review_required as "reviewRequired", publish_at as "publishAt"
        from videos where id = ${ids.videoId}`;
      const publishAt = video?.publishAt ?? null;
      const to = stateAfterProcessing(videoPolicy(video ?? {}), { publishAt });
      // A publish time that passed while it was processed: it goes out now, unscheduled.
      if (publishAt && to === STATE.ready) {
        await tx`update videos set publish_at = null where id = ${ids.videoId}`;
      }
      const from = await transition(tx, ids.videoId, {
        to,
        from: [STATE.processing, STATE.failed],
        ifAllowed: true,
      });
      await tx`
        update videos set poster_key = coalesce(${keys.posterKey ?? null}, poster_key),
          storyboard_key = coalesce(${keys.storyboardKey ?? null}, storyboard_key),
          processed_at = now(), updated_at = now()
        where id = ${ids.videoId}`;
      // Once per job: a retried handler must not tell the owner twice.
      if (from) {
        await notifyVideoOwner(tx, ids.videoId, {
          kind: "video_ready",
          // Held for review: finished, but not yet public.
          reason: to === STATE.in_review
            ? "a moderator will review it before it is public"
            : undefined,
          dedupeKey: `video_ready:${ids.jobId}`,
        });
        // Published by itself: its creator's followers hear of it (if it is public).
        if (to === STATE.ready) await queueAnnouncement(tx, ids.videoId);
      }
    })
  );
}

/**
 * Marks a video `failed` with a reason (its job died or was cancelled by an
 * admin) if it is still waiting for or in processing; a video deleted
 * meanwhile is left alone.
 */
export async function markFailed(sql: Sql, videoId: string, reason: string): Promise<void> {
  await ifVideoExists(() =>
    sql.begin(async (tx) => {
      const from = await transition(tx, videoId, {
        to: STATE.failed,
        reason,
        from: [STATE.uploaded, STATE.processing],
        ifAllowed: true,
      });
      if (from) {
        await tx`update videos set processed_at = now() where id = ${videoId}`;
        await notifyVideoOwner(tx, videoId, { kind: "video_failed", reason });
      }
    })
  );
}
