/**
 * The job ledger: the `jobs` table in Postgres (migrations/0006_jobs.sql) is the
 * one store of a job's state, progress and error, and this file is the one
 * place that writes it. Every state change is a single conditional UPDATE on
 * the job's lease token, so a worker that lost its lease can never overwrite
 * the job's new holder. Reaping and cancelling go through partial indexes.
 */
import type postgres from "postgres";
import type { Queryable, Sql } from "../db/mod.ts";
import { isJobWaiting, type JobState } from "./states.ts";

/** A job as the ledger holds it. */
export interface Job {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  state: JobState;
  priority: number;
  ownerId: string;
  videoId: string | null;
  cost: number | null;
  attempts: number;
  maxAttempts: number;
  runAt: Date;
  timeLimitMs: number | null;
  workerId: string | null;
  leaseToken: string | null;
  leaseExpiresAt: Date | null;
  cancelRequested: boolean;
  progress: number;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** A worker's hold on a running job. */
export interface Lease {
  jobId: string;
  workerId: string;
  token: string;
}

/** A claimed job and the lease that proves it. */
export interface Claim {
  job: Job;
  lease: Lease;
}

/** A job that ran out of attempts (or failed permanently). */
export interface DeadJob {
  job: Job;
  reason: string;
}

/** What enqueueJob() stores. */
export interface NewJob {
  kind: string;
  payload: Record<string, unknown>;
  priority?: number;
  ownerId?: string;
  videoId?: string;
  cost?: number;
  maxAttempts?: number;
  runAt?: Date;
  timeLimitMs?: number;
  /** At most one ready or running job holds a given key; enqueueing it again returns that job. */
  dedupeKey?: string;
}

/** The columns of `jobs`, camelCased for the Job interface. */
export const JOB_COLUMNS = `id, kind, payload, state, priority, owner_id as "ownerId",
  video_id as "videoId", cost, attempts, max_attempts as "maxAttempts", run_at as "runAt",
  time_limit_ms as "timeLimitMs", worker_id as "workerId", lease_token as "leaseToken",
  lease_expires_at as "leaseExpiresAt", cancel_requested as "cancelRequested", progress, error,
  created_at as "createdAt", started_at as "startedAt", finished_at as "finishedAt"`;
/** The most a retry waits. */
const MAX_BACKOFF_MS = 60 * 60 * 1000;

/** Adds a job; with a dedupeKey already in flight, returns that job instead (created=false). */
export async function enqueueJob(
  sql: Queryable,
  job: NewJob,
): Promise<{ id: string; created: boolean }> {
  for (;;) {
    const [row] = await sql<{ id: string }[]>`
      insert into jobs (kind, payload, priority, owner_id, video_id, cost, max_attempts, run_at,
                        time_limit_ms, dedupe_key)
      values (${job.kind}, ${sql.json(job.payload as never)}, ${job.priority ?? 0},
              ${job.ownerId ?? "system"}, ${job.videoId ?? null}, ${job.cost ?? null},
              ${job.maxAttempts ?? 3}, ${job.runAt ?? sql`now()`}, ${job.timeLimitMs ?? null},
              ${job.dedupeKey ?? null})
      on conflict (dedupe_key) where state in ('ready', 'running') do nothing
      returning id`;
    if (row) return { id: row.id, created: true };
    const [held] = await sql<{ id: string }[]>`
      select id from jobs where dedupe_key = ${job.dedupeKey!} and state in ('ready', 'running')`;
    // The holder finished between the two statements: try the insert again.
    if (held) return { id: held.id, created: false };
  }
}

/**
 * Extends a lease. "lost" when the job is gone or another worker holds it,
 * "cancelled" when someone asked for it to stop.
 */
export async function renewLease(
  sql: Sql,
  claim: Claim,
  options: { leaseMs: number },
): Promise<"ok" | "lost" | "cancelled"> {
  const [row] = await sql<{ cancelRequested: boolean }[]>`
    update jobs set lease_expires_at = now() + ${options.leaseMs}::float8 * interval '1 millisecond'
    where id = ${claim.job.id} and lease_token = ${claim.lease.token} and state = 'running'
    returning cancel_requested as "cancelRequested"`;
  if (!row) return "lost";
  return row.cancelRequested ? "cancelled" : "ok";
}

/**
 * Stores a running job's progress percent and, optionally, what it is doing
 * (`detail`, a small JSON object the job's kind defines: a transcode's stage
 * and time left).
 */
export async function setProgress(
  sql: Sql,
  jobId: string,
  percent: number,
  options: { detail?: Record<string, unknown> } = {},
): Promise<void> {
  const detail = options.detail ? sql.json(options.detail as postgres.JSONValue) : null;
  await sql`update jobs set progress = ${percent}, progress_detail = coalesce(${detail}, progress_detail)
    where id = ${jobId} and state = 'running'`;
}

/**
 * Records what a running job was found to cost once its handler measured it
 * (a transcode whose upload could not be inspected), so that the admin view, a
 * re-run and later claims see the real cost and time limit.
 */
export async function setJobBudget(
  sql: Sql,
  jobId: string,
  budget: { cost: number; timeLimitMs: number },
): Promise<void> {
  await sql`
    update jobs set cost = ${budget.cost}, time_limit_ms = ${budget.timeLimitMs}
    where id = ${jobId} and state = 'running'`;
}

/** Marks a held job succeeded; false when we no longer held it. */
export async function completeJob(sql: Sql, claim: Claim): Promise<boolean> {
  return await settle(
    sql,
    claim,
    sql`
    state = 'succeeded', progress = 100, error = null, finished_at = now()`,
  );
}

/** Marks a held job cancelled (its worker saw the request and stopped). */
export async function cancelledJob(sql: Sql, claim: Claim): Promise<boolean> {
  return await settle(sql, claim, sql`state = 'cancelled', finished_at = now()`);
}

/** Puts a held job back without counting the attempt (shutdown). */
export async function releaseJob(sql: Sql, claim: Claim): Promise<boolean> {
  return await settle(
    sql,
    claim,
    sql`
    state = case when cancel_requested then 'cancelled' else 'ready' end,
    attempts = attempts - 1, run_at = now(),
    finished_at = case when cancel_requested then now() end`,
  );
}

/** What became of a failed attempt. */
export type FailOutcome =
  | { outcome: "retry"; runAt: Date }
  | { outcome: "dead"; dead: DeadJob }
  | { outcome: "lost" };

/**
 * Records a failed attempt: the job goes back with exponential backoff, or,
 * after its last attempt or on a permanent error, to the dead letters.
 */
export async function failJob(
  sql: Sql,
  claim: Claim,
  options: { error: string; permanent?: boolean; retryBaseMs: number },
): Promise<FailOutcome> {
  const delay = backoffMs(claim.job.attempts, options.retryBaseMs);
  const permanent = Boolean(options.permanent);
  const [job] = await sql.unsafe<Job[]>(
    `update jobs set error = $1, lease_token = null, lease_expires_at = null,
       state = case when cancel_requested then 'cancelled'
                    when $2 or attempts >= max_attempts then 'dead' else 'ready' end,
       run_at = now() + $3::float8 * interval '1 millisecond',
       finished_at = case when $2 or attempts >= max_attempts or cancel_requested
                          then now() end
     where id = $4 and lease_token = $5 and state = 'running' returning ${JOB_COLUMNS}`,
    [options.error, permanent, delay, claim.job.id, claim.lease.token],
  );
  if (!job || job.state === "cancelled") return { outcome: "lost" };
  if (job.state === "dead") return { outcome: "dead", dead: { job, reason: options.error } };
  return { outcome: "retry", runAt: job.runAt };
}

/** Delay before attempt n+1: base × 2^(n-1), up to an hour, with 10 % jitter. */
export function backoffMs(attempts: number, baseMs: number): number {
  const raw = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(raw * (1 + Math.random() * 0.1));
}

/**
 * Puts back running jobs whose lease has expired (their worker died or hung),
 * through the partial index on lease_expires_at; a job that has used all its
 * attempts is dead-lettered instead.
 */
export async function requeueExpired(
  sql: Sql,
  options: { limit?: number; kinds?: string[] } = {},
): Promise<{ requeued: string[]; dead: DeadJob[] }> {
  const rows = await sql.unsafe<Job[]>(
    `update jobs set lease_token = null, lease_expires_at = null, run_at = now(),
       state = case when cancel_requested then 'cancelled'
                    when attempts >= max_attempts then 'dead' else 'ready' end,
       error = case when attempts >= max_attempts and not cancel_requested then coalesce(error,
                 'the worker stopped responding ' || attempts || ' time(s) while processing')
               else error end,
       finished_at = case when attempts >= max_attempts or cancel_requested then now() end
     where id in (select id from jobs where state = 'running' and lease_expires_at < now()
                    and ($2::text[] is null or kind = any($2::text[]))
                  order by lease_expires_at limit $1 for update skip locked)
     returning ${JOB_COLUMNS}`,
    [options.limit ?? 100, options.kinds ?? null],
  );
  return {
    requeued: rows.filter((j) => isJobWaiting(j.state)).map((j) => j.id),
    dead: rows.filter((j) => j.state === "dead").map((job) => ({ job, reason: job.error! })),
  };
}

/**
 * Cancels one job: a ready one at once, a running one by flagging it so that
 * its worker stops at its next lease renewal. Its dedupe key is let go, so a
 * replacement can be queued straight away. Undefined when it had already ended.
 */
export async function cancelJob(sql: Sql, id: string): Promise<Job | undefined> {
  const [job] = await sql.unsafe<Job[]>(
    `update jobs set dedupe_key = null,
       state = case when state = 'ready' then 'cancelled' else state end,
       cancel_requested = state = 'running',
       finished_at = case when state = 'ready' then now() end
     where id = $1 and state in ('ready', 'running') and not cancel_requested
     returning ${JOB_COLUMNS}`,
    [id],
  );
  return job;
}

/** Cancels every ready or running job of a video (through the video index); returns their ids. */
export async function cancelJobsForVideo(sql: Sql, videoId: string): Promise<string[]> {
  const rows = await sql<{ id: string }[]>`
    select id from jobs where video_id = ${videoId} and state in ('ready', 'running')
      and not cancel_requested`;
  const out: string[] = [];
  for (const r of rows) if (await cancelJob(sql, r.id)) out.push(r.id);
  return out;
}

/**
 * Ends the leases of every running job whose worker id starts with
 * `workerPrefix` (a revoked remote runner's), so that the next reap puts them
 * back like any expired lease; returns their ids.
 */
export async function expireLeases(sql: Queryable, workerPrefix: string): Promise<string[]> {
  const rows = await sql<{ id: string }[]>`
    update jobs set lease_expires_at = now() - interval '1 millisecond'
    where state = 'running' and starts_with(worker_id, ${workerPrefix}) returning id`;
  return rows.map((r) => r.id);
}

/** Ends our hold on a job with one conditional UPDATE on the lease token. */
async function settle(
  sql: Sql,
  claim: Claim,
  set: postgres.PendingQuery<postgres.Row[]>,
): Promise<boolean> {
  const rows = await sql`
    update jobs set ${set}, lease_token = null, lease_expires_at = null
    where id = ${claim.job.id} and lease_token = ${claim.lease.token} and state = 'running'
    returning id`;
  return rows.length > 0;
}
