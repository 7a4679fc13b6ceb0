import type { Sql } from "../db/mod.ts";
import { setProgress } from "../queue/mod.ts";

/** A video's processing state, as GET /api/v1/videos/:id will show it. */
export interface ProcessingStatus {
  status: string;
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
      status: string;
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
  const done = ["ready", "published"].includes(row.status);
  return {
    status: row.status,
    progress: done ? 100 : Math.round((row.progress ?? 0) * 10) / 10,
    error: row.status === "failed"
      ? row.reason ?? row.jobError ?? "Processing failed."
      : row.jobStatus === "ready"
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
  const updated = await sql`
    update videos set
      status = case when status in ('uploaded', 'processing', 'failed', 'ready')
                    then 'processing' else status end,
      status_reason = null, updated_at = now()
    where id = ${job.videoId} returning id`;
  return updated.length > 0;
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
 * Marks processing finished: the video `ready` (unless moderated meanwhile).
 * The job is marked succeeded by its runner once the handler returns.
 */
export async function markReady(
  sql: Sql,
  ids: { videoId: string; jobId: string },
  keys: { posterKey?: string; storyboardKey?: string },
): Promise<boolean> {
  const rows = await sql`
    update videos set
      status = case when status in ('processing', 'uploaded', 'failed') then 'ready' else status end,
      status_reason = null, poster_key = coalesce(${keys.posterKey ?? null}, poster_key),
      storyboard_key = coalesce(${keys.storyboardKey ?? null}, storyboard_key),
      processed_at = now(), updated_at = now()
    where id = ${ids.videoId} returning id`;
  return rows.length > 0;
}

/** Marks a video `failed` with a reason (its job died or was cancelled by an admin). */
export async function markFailed(sql: Sql, videoId: string, reason: string): Promise<void> {
  await sql`
    update videos set status = 'failed', status_reason = ${reason}, processed_at = now(),
      updated_at = now()
    where id = ${videoId} and status in ('uploaded', 'processing')`;
}
