import { z } from "zod";
import type { Config } from "../config.ts";
import type { Sql } from "../db/mod.ts";
import { LimitError } from "../errors.ts";
import type { MediaInfo } from "../media/probe.ts";
import { publicReason } from "../media/public_reason.ts";
import {
  type DeadJob,
  type EnqueueOptions,
  type Job,
  type JobContext,
  jobKind,
} from "../queue/mod.ts";
import { markFailed } from "./processing.ts";

/** The job kind that turns an uploaded source into an HLS ladder (workers/transcode.ts). */
export const transcodeKind = jobKind({
  kind: "transcode",
  payload: z.object({ videoId: z.uuid() }),
  videoOf: (p) => p.videoId,
  onAdminCancel: async (sql, job) => {
    await markFailed(sql, job.videoId!, "Processing was cancelled by an administrator.");
  },
});

/**
 * A dead-lettered job's consequence for its video, wherever it died (a
 * worker's attempt, a reaped lease, a remote runner's report): a transcode's
 * video fails with the reason, in words fit for its owner (publicReason()).
 */
export async function transcodeDied(sql: Sql, dead: DeadJob): Promise<void> {
  if (dead.job.kind !== transcodeKind.kind || !dead.job.videoId) return;
  await markFailed(sql, dead.job.videoId, publicReason(dead.reason, { component: "worker" }));
}

/** What the transcode handler gets: a job whose video is known. */
export type TranscodeContext = JobContext<{ videoId: string }> & { job: Job & { videoId: string } };

/** What the probe found out about a source. */
export interface SourceFacts {
  width: number;
  height: number;
  /** Frames per second; 30 when unknown. */
  fps?: number;
  durationS: number;
}

/**
 * The facts a transcode is budgeted by, from a probe: the displayed size, the
 * duration judged by the packets, and the frame rate the file really holds
 * (packets ÷ pts span) rather than its header's, which a file can understate.
 */
export function sourceFacts(info: MediaInfo): SourceFacts {
  return {
    width: info.video.displayWidth,
    height: info.video.displayHeight,
    fps: info.video.measuredFps ?? info.video.fps,
    durationS: info.durationS,
  };
}

/** The limits a transcode is budgeted against. */
export interface TranscodeBudget {
  /** Most pixels (width × height × fps × seconds) one transcode may decode. */
  maxPixels: number;
  /** A job may take this many times its cost in seconds of 1080p30 (plus a fixed minute). */
  timeLimitFactor: number;
}

/** The transcode budget the configuration sets. */
export function transcodeBudget(config: Pick<Config, "jobs" | "media">): TranscodeBudget {
  return { maxPixels: config.jobs.maxPixels, timeLimitFactor: config.media.timeLimitFactor };
}

/** One second of 1080p at 30 fps: the unit the time limit is measured in. */
const PIXELS_1080P30_SECOND = 1920 * 1080 * 30;

/** What a transcode costs: the pixels it decodes, width × height × fps × duration. */
export function transcodeCost(facts: SourceFacts): number {
  return facts.width * facts.height * (facts.fps || 30) * facts.durationS;
}

/**
 * Budgets a transcode by what it costs rather than by its dimensions alone: a
 * source over `maxPixels` is refused (LimitError, a readable reason), and the
 * job's time limit grows with its cost, not only with its duration.
 */
export function budgetTranscode(
  facts: SourceFacts,
  budget: TranscodeBudget,
): { cost: number; timeLimitMs: number } {
  const cost = transcodeCost(facts);
  if (cost > budget.maxPixels) {
    const fps = Math.round((facts.fps || 30) * 100) / 100;
    throw new LimitError(
      `This video is too much work to process: ${facts.width}×${facts.height} at ${fps} fps for ` +
        `${clock(facts.durationS)}. The most this server processes is the equivalent of ` +
        `${clock(budget.maxPixels / PIXELS_1080P30_SECOND)} of 1080p at 30 fps.`,
      { details: { cost, maxPixels: budget.maxPixels } },
    );
  }
  return { cost, timeLimitMs: timeLimitFor(cost, budget) };
}

/** A fixed minute plus `timeLimitFactor` × the cost in seconds of 1080p30. */
function timeLimitFor(cost: number, budget: TranscodeBudget): number {
  return Math.round((60 + budget.timeLimitFactor * cost / PIXELS_1080P30_SECOND) * 1000);
}

/**
 * The budget of a source whose facts are unknown (its inspection could not
 * run): fail closed. It is booked at the most a transcode may cost, so it
 * takes the long lane, and gets the time limit of that cost, a bound however
 * large the file; the worker probes it and budgets it again before encoding.
 */
export function unknownSourceBudget(
  budget: TranscodeBudget,
): { cost: number; timeLimitMs: number } {
  return { cost: budget.maxPixels, timeLimitMs: timeLimitFor(budget.maxPixels, budget) };
}

/**
 * Queues the transcode of a video, owned by the video's owner. Calling it again
 * while a job for the video is ready or running returns that job
 * (created=false), so a retried upload completion does not transcode twice.
 */
export async function enqueueTranscode(
  sql: Sql,
  videoId: string,
  options: Pick<EnqueueOptions, "cost" | "timeLimitMs" | "runAt"> = {},
): Promise<{ id: string; created: boolean }> {
  const [video] = await sql<{ ownerId: string }[]>`
    select owner_id as "ownerId" from videos where id = ${videoId}`;
  return await transcodeKind.enqueue(sql, { videoId }, {
    ...options,
    ownerId: video?.ownerId,
    dedupeKey: `transcode:${videoId}`,
  });
}

function clock(seconds: number): string {
  const m = Math.round(seconds / 60);
  return m >= 60 ? `${Math.floor(m / 60)} h ${m % 60} min` : `${Math.max(1, m)} min`;
}
