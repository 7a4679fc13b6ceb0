import type { Sql } from "../db/mod.ts";
import { ConflictError, NotFoundError } from "../errors.ts";
import { log } from "../log.ts";
import { cancelJobsForVideo } from "../queue/mod.ts";
import { videoPrefixes } from "../storage/layout.ts";
import type { Storage } from "../storage/types.ts";
import { abortUploadsForVideo } from "../uploads/abort.ts";
import { mediaChanged } from "./media_changes.ts";
import { isAwaitingUpload, REPROCESSED_FROM, STATE, transition } from "./lifecycle.ts";
import {
  budgetTranscode,
  enqueueTranscode,
  type SourceFacts,
  type TranscodeBudget,
  unknownSourceBudget,
} from "./transcode_job.ts";

/** Deletes every object whose key starts with `prefix` (which should end with "/"). */
export async function deletePrefix(
  storage: Pick<Storage, "list" | "delete">,
  prefix: string,
): Promise<number> {
  const keys: string[] = [];
  for await (const o of storage.list(prefix)) keys.push(o.key);
  for (const key of keys) await storage.delete(key);
  return keys.length;
}

/**
 * Queues the transcode of an uploaded video, budgeted by what it costs: a
 * source over the budget is refused (LimitError) and the job's time limit
 * follows its cost. Without the probe's facts (the inspection could not run)
 * it fails closed: booked at the most a transcode may cost (the long lane, a
 * bounded limit) until the worker's own probe budgets it. What the upload flow
 * calls on completion.
 */
export async function queueTranscode(
  deps: { sql: Sql; budget?: TranscodeBudget },
  videoId: string,
  options: { facts?: SourceFacts } = {},
): Promise<{ jobId: string; created: boolean }> {
  const costed = !deps.budget
    ? undefined
    : options.facts
    ? budgetTranscode(options.facts, deps.budget)
    : unknownSourceBudget(deps.budget);
  const { id, created } = await enqueueTranscode(deps.sql, videoId, costed ?? {});
  return { jobId: id, created };
}

/**
 * Admin re-run: cancels any job in flight for the video (its worker stops and
 * kills ffmpeg at its next lease renewal) and queues a new one with the same
 * cost and time limit. The video keeps playing its current outputs until the
 * new run replaces them.
 */
export async function rerunProcessing(
  deps: { sql: Sql },
  videoId: string,
): Promise<{ jobId: string }> {
  const [video] = await deps.sql<{ status: string; sourceKey: string | null }[]>`
    select status, source_key as "sourceKey" from videos where id = ${videoId}`;
  if (!video) throw new NotFoundError("No such video.");
  if (!video.sourceKey || isAwaitingUpload(video.status)) {
    throw new ConflictError("The video has no completed upload to process.");
  }
  const cancelled = await cancelJobsForVideo(deps.sql, videoId);
  const [last] = await deps.sql<{ cost: number | null; timeLimitMs: number | null }[]>`
    select cost, time_limit_ms as "timeLimitMs" from jobs
    where video_id = ${videoId} and kind = 'transcode' order by created_at desc limit 1`;
  const { id } = await enqueueTranscode(deps.sql, videoId, {
    cost: last?.cost ?? undefined,
    timeLimitMs: last?.timeLimitMs ?? undefined,
  });
  await transition(deps.sql, videoId, {
    to: STATE.processing,
    from: REPROCESSED_FROM,
    ifAllowed: true,
  });
  log("info", "processing re-run queued", { videoId, jobId: id, cancelled });
  return { jobId: id };
}

/**
 * The one "delete a video" use case (API and studio alike): aborts its
 * pending uploads (storage parts too), cancels its jobs, removes every object under raw/{id}/ and
 * media/{id}/ (and the source wherever it is), then the rows (renditions and
 * uploads go with the video; its jobs stay as cancelled history). Safe to call
 * again after a partial failure.
 * A worker still finishing the video deletes what it wrote when it finds the
 * row gone.
 */
export async function deleteVideo(
  deps: { sql: Sql; storage: Storage },
  videoId: string,
): Promise<void> {
  const [video] = await deps.sql<{ sourceKey: string | null }[]>`
    select source_key as "sourceKey" from videos where id = ${videoId}`;
  if (!video) throw new NotFoundError("No such video.");
  await abortUploadsForVideo(deps, videoId);
  await cancelJobsForVideo(deps.sql, videoId);
  let removed = 0;
  for (const prefix of videoPrefixes(videoId)) removed += await deletePrefix(deps.storage, prefix);
  if (video.sourceKey) await deps.storage.delete(video.sourceKey);
  await deps.sql`delete from videos where id = ${videoId}`;
  mediaChanged(videoId);
  log("info", "video deleted", { videoId, objects: removed });
}
