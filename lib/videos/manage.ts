import type { Sql } from "../db/mod.ts";
import { ConflictError, NotFoundError } from "../errors.ts";
import { log } from "../log.ts";
import { cancelJobsForVideo, enqueueTranscode } from "../queue/mod.ts";
import type { Storage } from "../storage/types.ts";

/** Deletes every object whose key starts with `prefix` (which should end with "/"). */
export async function deletePrefix(storage: Storage, prefix: string): Promise<number> {
  const keys: string[] = [];
  for await (const o of storage.list(prefix)) keys.push(o.key);
  for (const key of keys) await storage.delete(key);
  return keys.length;
}

/**
 * Queues the transcode of an uploaded video and records the job as `queued` in
 * Postgres, so that its status shows before a worker picks it up. What the
 * upload flow calls on completion (enqueueTranscode alone is the bare KV seam).
 */
export async function queueTranscode(
  deps: { sql: Sql; kv: Deno.Kv },
  videoId: string,
): Promise<{ jobId: string; created: boolean }> {
  const { id, created } = await enqueueTranscode(deps.kv, videoId);
  await deps.sql`
    insert into transcode_jobs (id, video_id, status) values (${id}, ${videoId}, 'queued')
    on conflict (id) do nothing`;
  return { jobId: id, created };
}

/**
 * Admin re-run: cancels any job in flight for the video (its worker stops and
 * kills ffmpeg at its next lease renewal) and queues a new one. The video keeps
 * playing its current outputs until the new run replaces them.
 */
export async function rerunProcessing(
  deps: { sql: Sql; kv: Deno.Kv },
  videoId: string,
): Promise<{ jobId: string }> {
  const [video] = await deps.sql<{ status: string; sourceKey: string | null }[]>`
    select status, source_key as "sourceKey" from videos where id = ${videoId}`;
  if (!video) throw new NotFoundError("No such video.");
  if (!video.sourceKey || video.status === "uploading") {
    throw new ConflictError("The video has no completed upload to process.");
  }
  const cancelled = await cancelJobsForVideo(deps.kv, videoId);
  if (cancelled.length) {
    await deps.sql`
      update transcode_jobs set status = 'cancelled', finished_at = now()
      where id = any(${cancelled}) and status in ('queued', 'running')`;
  }
  const { jobId: id } = await queueTranscode(deps, videoId);
  await deps.sql`
    update videos set status = 'processing', status_reason = null, updated_at = now()
    where id = ${videoId} and status in ('uploaded', 'failed', 'ready', 'processing')`;
  log("info", "processing re-run queued", { videoId, jobId: id, cancelled });
  return { jobId: id };
}

/**
 * Owner delete: cancels its jobs, removes every object under raw/{id}/ and
 * media/{id}/ (and the source wherever it is), then the rows (renditions, jobs
 * and uploads go with the video). Safe to call again after a partial failure.
 * A worker still finishing the video deletes what it wrote when it finds the
 * row gone.
 */
export async function deleteVideo(
  deps: { sql: Sql; kv: Deno.Kv; storage: Storage },
  videoId: string,
): Promise<void> {
  const [video] = await deps.sql<{ sourceKey: string | null }[]>`
    select source_key as "sourceKey" from videos where id = ${videoId}`;
  if (!video) throw new NotFoundError("No such video.");
  await cancelJobsForVideo(deps.kv, videoId);
  let removed = await deletePrefix(deps.storage, `media/${videoId}/`);
  removed += await deletePrefix(deps.storage, `raw/${videoId}/`);
  if (video.sourceKey) await deps.storage.delete(video.sourceKey);
  await deps.sql`delete from videos where id = ${videoId}`;
  log("info", "video deleted", { videoId, objects: removed });
}
