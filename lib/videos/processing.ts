import type { Sql } from "../db/mod.ts";
import { NotFoundError } from "../errors.ts";
import { isJobWaiting, setProgress } from "../queue/mod.ts";
import { notifyVideoOwner } from "../notifications/video_events.ts";
import {
  DEFAULT_POLICY,
  hasFailed,
  isProcessed,
  REPROCESSED_FROM,
  STATE,
  stateAfterProcessing,
  transition,
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
    }[]
  >`
    select v.status, v.status_reason as reason, v.master_key as "masterKey",
           v.playable_at as "playableAt", j.progress, j.error as "jobError", j.status as "jobStatus"
    from videos v
    left join lateral (
      select progress, error, state as status from jobs
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
  };
}

/**
 * Records a transcode attempt starting (the job itself is marked running by
 * its claim); returns false when the video no longer exists.
 */
export async function markJobStarted(
  sql: Sql,
  job: { videoId: string | null; id?: string; attempts?: number; workerId?: string },
): Promise<boolean> {
  if (!job.videoId) return false;
  return await ifVideoExists(() =>
    transition(sql, job.videoId!, { to: STATE.processing, from: REPROCESSED_FROM, ifAllowed: true })
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

/** Stores a running job's progress percent (the job ledger holds it). */
export async function setJobProgress(sql: Sql, jobId: string, percent: number): Promise<void> {
  await setProgress(sql, jobId, percent);
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
 * Marks processing finished: the video moves on as the publish policy says
 * (`ready` while moderation is off), unless it was published, reviewed or
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
      const from = await transition(tx, ids.videoId, {
        to: stateAfterProcessing(DEFAULT_POLICY),
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
          dedupeKey: `video_ready:${ids.jobId}`,
        });
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
