import type { Sql } from "../db/mod.ts";
import { ConflictError } from "../errors.ts";
import { type Job, setJobBudget } from "../queue/mod.ts";
import {
  markJobStarted,
  markReady,
  publishMaster,
  type RenditionRow,
  setJobProgress,
  setSourceFacts,
} from "./processing.ts";
import { type FrameRecord, recordFrames } from "../thumbnails/store.ts";
import { budgetTranscode, type SourceFacts, type TranscodeBudget } from "./transcode_job.ts";

/**
 * What the transcode handler (workers/transcode.ts) reads and writes in the
 * catalog for one job, so that the same handler runs in a worker (straight to
 * Postgres: sqlTranscodeCatalog) and on a remote runner (through the web
 * tier's runner API, which calls sqlTranscodeCatalog after checking the
 * runner's token and lease). Writes that publish are fenced by the job's lease
 * token: a holder that lost its lease publishes nothing (ConflictError).
 */
export interface TranscodeCatalog {
  /** The source's storage key; undefined when the video is gone, null when it has no source. */
  source(): Promise<string | null | undefined>;
  /** Marks processing started; false when the video is gone. */
  started(): Promise<boolean>;
  /** The job's progress: the percent and what the studio shows (stage, rungs, time left). */
  progress(report: { percent: number; detail?: Record<string, unknown> }): Promise<void>;
  /**
   * Records the candidate thumbnails a run stored (workers/thumbnails.ts) and
   * returns the poster key they give (the owner's choice, else `auto`).
   */
  frames(frames: FrameRecord[], options: { auto: string }): Promise<string | undefined>;
  /**
   * Records what the probe measured and budgets the job by it: over the
   * budget a LimitError (no retry); otherwise the cost and time limit.
   */
  measured(facts: SourceFacts): Promise<{ cost: number; timeLimitMs: number }>;
  publishMaster(
    options: { masterKey: string; renditions: RenditionRow[]; posterKey?: string },
  ): Promise<void>;
  /** Marks processing finished; false when the video is gone. */
  ready(keys: { posterKey?: string; storyboardKey?: string }): Promise<boolean>;
  /** Whether the video still exists (a failed run cleans up after a deleted one). */
  exists(): Promise<boolean>;
}

/** A transcode job as its catalog needs it: the video, and the lease that fences it. */
export type TranscodeJobRef = Pick<Job, "id" | "attempts" | "leaseToken"> & { videoId: string };

/** The catalog in Postgres, for one job held under `job.leaseToken`. */
export function sqlTranscodeCatalog(
  sql: Sql,
  job: TranscodeJobRef,
  budget: TranscodeBudget,
): TranscodeCatalog {
  const { videoId } = job;
  const fenced = async () => {
    if (job.leaseToken === null) return;
    const [held] = await sql`
      select 1 from jobs where id = ${job.id} and lease_token = ${job.leaseToken}
        and state = 'running'`;
    if (!held) throw new ConflictError("This job is no longer held under this lease.");
  };
  return {
    async source() {
      const [video] = await sql<{ sourceKey: string | null }[]>`
        select source_key as "sourceKey" from videos where id = ${videoId}`;
      return video ? video.sourceKey : undefined;
    },
    started: () => markJobStarted(sql, { id: job.id, videoId, attempts: job.attempts }),
    progress: (report) => setJobProgress(sql, job.id, report),
    async frames(frames, options) {
      await fenced();
      return await recordFrames(sql, videoId, frames, options);
    },
    async measured(facts) {
      await setSourceFacts(sql, videoId, facts);
      const measured = budgetTranscode(facts, budget);
      await setJobBudget(sql, job.id, measured);
      return measured;
    },
    async publishMaster(options) {
      await fenced();
      await publishMaster(sql, videoId, options);
    },
    async ready(keys) {
      await fenced();
      return await markReady(sql, { videoId, jobId: job.id }, keys);
    },
    async exists() {
      const [still] = await sql`select 1 from videos where id = ${videoId}`;
      return Boolean(still);
    },
  };
}
