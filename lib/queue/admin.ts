import type { Sql } from "../db/mod.ts";
import { ConflictError, NotFoundError } from "../errors.ts";
import { cancelJob, type Job, JOB_COLUMNS } from "./ledger.ts";
import { getJob } from "./read.ts";
import type { JobKindSpec } from "./define.ts";
import { wakeLocalWorkers } from "./wake.ts";

/** The admin view of the queue. */
export interface QueueOverview {
  /** Ready and running jobs, dead letters, and what finished in the last 24 h. */
  counts: { kind: string; state: string; count: number }[];
  running: Pick<
    Job,
    | "id"
    | "kind"
    | "ownerId"
    | "videoId"
    | "progress"
    | "workerId"
    | "attempts"
    | "startedAt"
    | "leaseExpiresAt"
    | "cancelRequested"
  >[];
  dead: Pick<Job, "id" | "kind" | "ownerId" | "videoId" | "attempts" | "error" | "finishedAt">[];
}

/**
 * Counts by kind and state, running jobs with progress and worker, and dead
 * letters with reasons. Every query goes through a partial index; finished
 * jobs are counted over the last day only, so the view never scans history.
 */
export async function queueOverview(
  sql: Sql,
  options: { limit?: number } = {},
): Promise<QueueOverview> {
  const limit = Math.max(1, Math.min(options.limit ?? 50, 200));
  const counts = await queueCounts(sql);
  const running = await sql<QueueOverview["running"]>`
    select id, kind, owner_id as "ownerId", video_id as "videoId", progress,
      worker_id as "workerId", attempts, started_at as "startedAt",
      lease_expires_at as "leaseExpiresAt", cancel_requested as "cancelRequested"
    from jobs where state = 'running' order by lease_expires_at limit ${limit}`;
  const dead = await sql<QueueOverview["dead"]>`
    select id, kind, owner_id as "ownerId", video_id as "videoId", attempts, error,
      finished_at as "finishedAt"
    from jobs where state = 'dead' order by finished_at desc limit ${limit}`;
  return { counts, running, dead };
}

/**
 * Jobs by kind and state: ready, running and dead ones, and those that
 * succeeded or were cancelled in the last day, each through a partial index
 * (the admin view and the /metrics gauges read the same figures).
 */
export async function queueCounts(sql: Sql): Promise<QueueOverview["counts"]> {
  return await sql<QueueOverview["counts"]>`
    select kind, state, count(*)::int as count from (
      select kind, state from jobs where state = 'ready'
      union all select kind, state from jobs where state = 'running'
      union all select kind, state from jobs where state = 'dead'
      union all select kind, state from jobs
        where state in ('succeeded', 'cancelled') and finished_at > now() - interval '1 day'
    ) j group by kind, state order by kind, state`;
}

/**
 * Cancels a job for an administrator: a ready one at once, a running one at
 * its worker's next lease renewal (its signal aborts, ffmpeg is killed). The
 * kind's hook, if any, tells its subject (a transcode marks its video failed).
 */
export async function cancelJobAsAdmin(
  sql: Sql,
  id: string,
  // deno-lint-ignore no-explicit-any
  options: { kinds?: Pick<JobKindSpec<any>, "kind" | "onAdminCancel">[] } = {},
): Promise<Job> {
  const job = await cancelJob(sql, id);
  if (!job) {
    if (!await getJob(sql, id)) throw new NotFoundError("No such job.");
    throw new ConflictError("The job has already ended or is being cancelled.");
  }
  await options.kinds?.find((k) => k.kind === job.kind)?.onAdminCancel?.(sql, job);
  return job;
}

/**
 * Puts a dead or cancelled job back in the queue with fresh attempts. Refused
 * while another job with the same dedupe key is in flight.
 */
export async function retryJob(sql: Sql, id: string): Promise<Job> {
  let rows: Job[];
  try {
    rows = await sql.unsafe<Job[]>(
      `update jobs set state = 'ready', attempts = 0, error = null, run_at = now(),
         cancel_requested = false, finished_at = null, progress = 0
       where id = $1 and state in ('dead', 'cancelled') returning ${JOB_COLUMNS}`,
      [id],
    );
  } catch (err) {
    if ((err as { code?: string }).code === "23505") {
      throw new ConflictError("Another job for the same work is already queued or running.");
    }
    throw err;
  }
  if (!rows[0]) {
    if (!await getJob(sql, id)) throw new NotFoundError("No such job.");
    throw new ConflictError("Only dead or cancelled jobs can be retried.");
  }
  wakeLocalWorkers();
  return rows[0];
}
