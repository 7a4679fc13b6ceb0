/**
 * The web tier's side of a remote runner's job: claiming, renewing and
 * settling it on the runner's behalf. Every call after the claim names the
 * job and its lease token, and is refused (ConflictError) unless this runner
 * token's runner holds that lease now: a runner that lost its lease (reaped,
 * revoked, re-claimed by a local worker) can change nothing, and a local
 * worker and a runner can never both finish one job.
 */
import type { Config } from "../config.ts";
import type { Sql } from "../db/mod.ts";
import { ConflictError, LimitError } from "../errors.ts";
import { log } from "../log.ts";
import {
  cancelledJob,
  type Claim,
  claimJob,
  completeJob,
  type DeadJob,
  failJob,
  type FailOutcome,
  type Job,
  JOB_COLUMNS,
  releaseJob,
  renewLease,
  requeueExpired,
} from "../queue/mod.ts";
import { transcodeDied } from "../videos/transcode_job.ts";
import { REMOTE_KINDS } from "./kinds.ts";
import { type RunnerToken, runnerWorkerPrefix } from "./tokens.ts";

/** What the runner API's job calls need. */
export interface RunnerJobDeps {
  sql: Sql;
  config: Pick<Config, "worker" | "jobs">;
}

/** A runner's choice of lane for the slot it claims for (see "Lanes" in DESIGN). */
export type RunnerLane = "short" | "prefer-long" | "prefer-short";

/**
 * Claims the best ready job of the kinds this token allows, after putting back
 * expired leases of those kinds (a runner that vanished, or a local worker
 * killed: with no local worker left, the runners' claims still reap them).
 */
export async function claimForRunner(
  deps: RunnerJobDeps,
  runner: RunnerToken,
  input: { name: string; lane?: RunnerLane },
): Promise<Claim | undefined> {
  const kinds = runner.kinds.filter((k) => REMOTE_KINDS.includes(k));
  if (!kinds.length) return undefined;
  const { requeued, dead } = await requeueExpired(deps.sql, { kinds });
  if (requeued.length) log("warn", "expired leases requeued", { jobs: requeued });
  for (const d of dead) await died(deps.sql, d);
  return await claimJob(deps.sql, runnerWorkerPrefix(runner.id) + input.name, {
    leaseMs: deps.config.worker.leaseMs,
    kinds,
    ownerLimit: deps.config.jobs.ownerConcurrency,
    shortCost: deps.config.jobs.shortLanePixels,
    lane: input.lane ?? "prefer-short",
    maxAttempts: deps.config.worker.maxAttempts,
  });
}

/** The job this runner holds under `lease`, or a ConflictError (409). */
export async function heldJob(
  sql: Sql,
  runner: RunnerToken,
  ref: { jobId: string; lease: string },
): Promise<Claim> {
  const [job] = await sql.unsafe<Job[]>(
    `select ${JOB_COLUMNS} from jobs where id = $1 and lease_token = $2 and state = 'running'
       and starts_with(worker_id, $3)`,
    [ref.jobId, ref.lease, runnerWorkerPrefix(runner.id)],
  );
  if (!job) throw new ConflictError("This runner does not hold that job's lease.");
  return { job, lease: { jobId: job.id, workerId: job.workerId!, token: ref.lease } };
}

/**
 * Renews the lease. A job past its time limit is failed here (LimitError, no
 * retry) whatever its runner says, so a runner cannot hold a job forever.
 */
export async function renewForRunner(
  deps: RunnerJobDeps,
  claim: Claim,
): Promise<"ok" | "cancelled" | "lost"> {
  const { job } = claim;
  if (job.timeLimitMs && job.startedAt) {
    const over = Date.now() - job.startedAt.getTime() - job.timeLimitMs;
    if (over > deps.config.worker.leaseMs) {
      const s = Math.round(job.timeLimitMs / 100) / 10;
      await failForRunner(deps, claim, {
        error: new LimitError(`Processing took longer than its ${s} s limit.`).message,
        permanent: true,
      });
      return "lost";
    }
  }
  return await renewLease(deps.sql, claim, { leaseMs: deps.config.worker.leaseMs });
}

/**
 * Whether this runner already completed the job: a completion retried because
 * its answer was lost in transit (a web instance went away) is answered as
 * done, not as a lost lease. The worker id stays on a finished job.
 */
export async function completedByRunner(
  sql: Sql,
  runner: RunnerToken,
  jobId: string,
): Promise<boolean> {
  const [row] = await sql`
    select 1 from jobs where id = ${jobId} and state = 'succeeded'
      and starts_with(worker_id, ${runnerWorkerPrefix(runner.id)})`;
  return Boolean(row);
}

/** Marks the job succeeded; false when the lease was lost meanwhile. */
export async function completeForRunner(deps: RunnerJobDeps, claim: Claim): Promise<boolean> {
  return await completeJob(deps.sql, claim);
}

/** Records a failed attempt (retry with backoff, or dead: the video fails with the reason). */
export async function failForRunner(
  deps: RunnerJobDeps,
  claim: Claim,
  input: { error: string; permanent: boolean },
): Promise<FailOutcome> {
  const out = await failJob(deps.sql, claim, {
    error: input.error,
    permanent: input.permanent,
    retryBaseMs: deps.config.worker.retryBaseMs,
  });
  if (out.outcome === "dead") await died(deps.sql, out.dead);
  return out;
}

/** Gives the job back: "shutdown" (not counted as an attempt) or "cancelled" (it stopped). */
export async function releaseForRunner(
  deps: RunnerJobDeps,
  claim: Claim,
  reason: "shutdown" | "cancelled",
): Promise<boolean> {
  return reason === "cancelled"
    ? await cancelledJob(deps.sql, claim)
    : await releaseJob(deps.sql, claim);
}

async function died(sql: Sql, dead: DeadJob): Promise<void> {
  log("warn", "job dead-lettered", { jobId: dead.job.id, reason: dead.reason });
  await transcodeDied(sql, dead);
}
