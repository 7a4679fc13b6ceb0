/**
 * The job ledger in Deno KV. A job is ["jobs", id]; ready jobs are indexed by
 * ["jobs_ready", runAt, id]; a claimed job has a lease ["job_leases", id]
 * written with expireIn; dead jobs go to ["jobs_dead", id]. Every state change
 * is one atomic commit that checks the versionstamps it read, so two workers
 * (in one process or many, on a KV file or through KV Connect) can never hold
 * the same job at once.
 */

import { retryBusy } from "./_busy.ts";

/** A job in flight. */
export interface Job {
  id: string;
  kind: string;
  videoId: string;
  state: "ready" | "leased";
  attempts: number;
  maxAttempts: number;
  /** Epoch ms at which a ready job may run. */
  runAt: number;
  createdAt: number;
  /** The token of the current lease, when leased. */
  leaseToken?: string;
  lastError?: string;
  /** Set when the job was cancelled while a worker held it. */
  cancelled?: boolean;
}

/** A worker's hold on a job. */
export interface Lease {
  jobId: string;
  workerId: string;
  token: string;
  expiresAt: number;
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
  diedAt: number;
}

const JOBS = "jobs";
const READY = "jobs_ready";
const LEASES = "job_leases";
const DEAD = "jobs_dead";
const BY_VIDEO = "jobs_by_video";
const MAX_BACKOFF_MS = 60 * 60 * 1000;

/**
 * Adds a job, unless the video already has one in flight (then that job's id
 * is returned with created=false): enqueueing twice for one upload is harmless.
 */
export async function enqueueJob(
  kv: Deno.Kv,
  job: { kind: string; videoId: string },
  options: { delayMs?: number; maxAttempts?: number } = {},
): Promise<{ id: string; created: boolean }> {
  return await retryBusy(async () => {
    for (;;) {
      const existing = await kv.get<string>([BY_VIDEO, job.videoId]);
      if (existing.value) {
        const current = await kv.get<Job>([JOBS, existing.value]);
        if (current.value && !current.value.cancelled) {
          return { id: existing.value, created: false };
        }
      }
      const now = Date.now();
      const record: Job = {
        id: crypto.randomUUID(),
        kind: job.kind,
        videoId: job.videoId,
        state: "ready",
        attempts: 0,
        maxAttempts: options.maxAttempts ?? 3,
        runAt: now + (options.delayMs ?? 0),
        createdAt: now,
      };
      const res = await kv.atomic()
        .check(existing)
        .set([JOBS, record.id], record)
        .set([READY, record.runAt, record.id], record.id)
        .set([BY_VIDEO, job.videoId], record.id)
        .commit();
      if (res.ok) return { id: record.id, created: true };
    }
  });
}

/** Claims the oldest job whose time has come, or returns undefined. */
export async function claimJob(
  kv: Deno.Kv,
  workerId: string,
  options: { leaseMs: number; kinds?: string[]; maxAttempts?: number },
): Promise<Claim | undefined> {
  return await retryBusy(async () => {
    const now = Date.now();
    const iter = kv.list<string>({ prefix: [READY], end: [READY, now + 1] }, { limit: 20 });
    for await (const ready of iter) {
      const jobEntry = await kv.get<Job>([JOBS, ready.value]);
      const job = jobEntry.value;
      if (!job || job.state !== "ready") {
        // A stale index entry (the job finished or was cancelled): tidy it away.
        await kv.atomic().check(ready).check(jobEntry).delete(ready.key).commit();
        continue;
      }
      if (options.kinds && !options.kinds.includes(job.kind)) continue;
      const lease: Lease = {
        jobId: job.id,
        workerId,
        token: crypto.randomUUID(),
        expiresAt: now + options.leaseMs,
      };
      // The claiming worker's configuration decides how many attempts a job gets.
      const leased: Job = {
        ...job,
        state: "leased",
        attempts: job.attempts + 1,
        maxAttempts: options.maxAttempts ?? job.maxAttempts,
        leaseToken: lease.token,
      };
      const res = await kv.atomic()
        .check(ready)
        .check(jobEntry)
        .delete(ready.key)
        .set([JOBS, job.id], leased)
        .set([LEASES, job.id], lease, { expireIn: options.leaseMs * 2 })
        .commit();
      if (res.ok) return { job: leased, lease };
    }
    return undefined;
  });
}

/**
 * Extends a lease. "lost" when another worker now holds the job or it is gone,
 * "cancelled" when the job was cancelled while we held it.
 */
export async function renewLease(
  kv: Deno.Kv,
  claim: Claim,
  options: { leaseMs: number },
): Promise<"ok" | "lost" | "cancelled"> {
  return await retryBusy(async () => {
    const [leaseEntry, jobEntry] = await kv.getMany<[Lease, Job]>([
      [LEASES, claim.job.id],
      [JOBS, claim.job.id],
    ]);
    if (!ownsLease(claim, leaseEntry.value, jobEntry.value)) return "lost";
    if (jobEntry.value!.cancelled) return "cancelled";
    const lease = { ...claim.lease, expiresAt: Date.now() + options.leaseMs };
    const res = await kv.atomic()
      .check(leaseEntry)
      .check(jobEntry)
      .set([LEASES, claim.job.id], lease, { expireIn: options.leaseMs * 2 })
      .commit();
    if (!res.ok) return "lost";
    claim.lease.expiresAt = lease.expiresAt;
    return "ok";
  });
}

/** Removes a finished (or cancelled) job; false when we no longer held it. */
export async function completeJob(kv: Deno.Kv, claim: Claim): Promise<boolean> {
  return await retryBusy(async () => {
    return await settle(kv, claim, () => ({}));
  });
}

/** Puts a held job back without counting the attempt (shutdown). */
export async function releaseJob(kv: Deno.Kv, claim: Claim): Promise<boolean> {
  return await retryBusy(async () => {
    return await settle(kv, claim, (job) => {
      if (job.cancelled) return {};
      const back: Job = { ...job, state: "ready", attempts: job.attempts - 1, runAt: Date.now() };
      delete back.leaseToken;
      return { requeue: back };
    });
  });
}

/** What became of a failed attempt. */
export type FailOutcome =
  | { outcome: "retry"; runAt: number }
  | { outcome: "dead"; dead: DeadJob }
  | { outcome: "lost" };

/**
 * Records a failed attempt: the job goes back with exponential backoff, or,
 * after its last attempt or on a permanent error, to the dead letters.
 */
export async function failJob(
  kv: Deno.Kv,
  claim: Claim,
  options: { error: string; permanent?: boolean; retryBaseMs: number },
): Promise<FailOutcome> {
  return await retryBusy(async () => {
    let result: FailOutcome = { outcome: "lost" };
    const ok = await settle(kv, claim, (job) => {
      const failed: Job = { ...job, lastError: options.error };
      delete failed.leaseToken;
      if (job.cancelled) return {};
      if (options.permanent || job.attempts >= job.maxAttempts) {
        const dead = { job: failed, reason: options.error, diedAt: Date.now() };
        result = { outcome: "dead", dead };
        return { dead };
      }
      const runAt = Date.now() + backoffMs(job.attempts, options.retryBaseMs);
      result = { outcome: "retry", runAt };
      return { requeue: { ...failed, state: "ready", runAt } };
    });
    return ok ? result : { outcome: "lost" };
  });
}

/** Delay before attempt n+1: base × 2^(n-1), up to an hour, with 10 % jitter. */
export function backoffMs(attempts: number, baseMs: number): number {
  const raw = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(raw * (1 + Math.random() * 0.1));
}

/**
 * Puts back every leased job whose lease has expired (its worker died or hung);
 * a job that has used all its attempts is dead-lettered instead.
 */
export async function requeueExpired(
  kv: Deno.Kv,
): Promise<{ requeued: string[]; dead: DeadJob[] }> {
  return await retryBusy(async () => {
    const requeued: string[] = [];
    const dead: DeadJob[] = [];
    for await (const jobEntry of kv.list<Job>({ prefix: [JOBS] })) {
      const job = jobEntry.value;
      if (job.state !== "leased") continue;
      const leaseEntry = await kv.get<Lease>([LEASES, job.id]);
      const lease = leaseEntry.value;
      if (lease && lease.token === job.leaseToken && lease.expiresAt > Date.now()) continue;
      const op = kv.atomic().check(jobEntry).check(leaseEntry).delete([LEASES, job.id]);
      const back: Job = { ...job, state: "ready", runAt: Date.now() };
      delete back.leaseToken;
      const byVideo = await kv.get<string>([BY_VIDEO, job.videoId]);
      op.check(byVideo);
      let died: DeadJob | undefined;
      const putBack = !(job.cancelled || job.attempts >= job.maxAttempts);
      if (!putBack) {
        op.delete([JOBS, job.id]);
        if (byVideo.value === job.id) op.delete(byVideo.key);
        if (!job.cancelled) {
          const reason = job.lastError ??
            `the worker stopped responding ${job.attempts} time(s) while processing`;
          died = { job: { ...back, lastError: reason }, reason, diedAt: Date.now() };
          op.set([DEAD, job.id], died);
        }
      } else {
        op.set([JOBS, job.id], back).set([READY, back.runAt, job.id], job.id);
      }
      if ((await op.commit()).ok) {
        if (died) dead.push(died);
        if (putBack) requeued.push(job.id);
      }
    }
    return { requeued, dead };
  });
}

/**
 * Cancels every job in flight for a video: ready ones are removed, held ones
 * are flagged so that their worker stops at its next lease renewal.
 */
export async function cancelJobsForVideo(kv: Deno.Kv, videoId: string): Promise<string[]> {
  return await retryBusy(async () => {
    const cancelled: string[] = [];
    for await (const jobEntry of kv.list<Job>({ prefix: [JOBS] })) {
      const job = jobEntry.value;
      if (job.videoId !== videoId || job.cancelled) continue;
      const byVideo = await kv.get<string>([BY_VIDEO, videoId]);
      const op = kv.atomic().check(jobEntry).check(byVideo);
      if (byVideo.value === job.id) op.delete(byVideo.key);
      if (job.state === "ready") op.delete([JOBS, job.id]).delete([READY, job.runAt, job.id]);
      else op.set([JOBS, job.id], { ...job, cancelled: true });
      if ((await op.commit()).ok) cancelled.push(job.id);
    }
    return cancelled;
  });
}

/** The job record, if the job is in flight. */
export async function getJob(kv: Deno.Kv, id: string): Promise<Job | undefined> {
  return await retryBusy(async () => {
    return (await kv.get<Job>([JOBS, id])).value ?? undefined;
  });
}

/** The id of the job in flight for a video, if any. */
export async function jobForVideo(kv: Deno.Kv, videoId: string): Promise<string | undefined> {
  return await retryBusy(async () => {
    return (await kv.get<string>([BY_VIDEO, videoId])).value ?? undefined;
  });
}

/** The current lease of a job, if it is held. */
export async function getLease(kv: Deno.Kv, id: string): Promise<Lease | undefined> {
  return await retryBusy(async () => {
    return (await kv.get<Lease>([LEASES, id])).value ?? undefined;
  });
}

/** Dead-lettered jobs, oldest key first. */
export async function listDeadJobs(kv: Deno.Kv): Promise<DeadJob[]> {
  return await retryBusy(async () => {
    const out: DeadJob[] = [];
    for await (const e of kv.list<DeadJob>({ prefix: [DEAD] })) out.push(e.value);
    return out;
  });
}

function ownsLease(claim: Claim, lease: Lease | null, job: Job | null): boolean {
  return Boolean(
    lease && job && lease.token === claim.lease.token && job.leaseToken === claim.lease.token &&
      job.state === "leased",
  );
}

/** Ends our hold on a job with one atomic commit, retried while only the index moved. */
async function settle(
  kv: Deno.Kv,
  claim: Claim,
  decide: (job: Job) => { requeue?: Job; dead?: DeadJob },
): Promise<boolean> {
  for (let i = 0; i < 5; i++) {
    const [leaseEntry, jobEntry, byVideo] = await kv.getMany<[Lease, Job, string]>([
      [LEASES, claim.job.id],
      [JOBS, claim.job.id],
      [BY_VIDEO, claim.job.videoId],
    ]);
    if (!ownsLease(claim, leaseEntry.value, jobEntry.value)) return false;
    const job = jobEntry.value!;
    const { requeue, dead } = decide(job);
    const op = kv.atomic().check(leaseEntry).check(jobEntry).check(byVideo)
      .delete([LEASES, job.id]);
    if (requeue) {
      op.set([JOBS, job.id], requeue).set([READY, requeue.runAt, job.id], job.id);
    } else {
      op.delete([JOBS, job.id]);
      if (byVideo.value === job.id) op.delete(byVideo.key);
      if (dead) op.set([DEAD, job.id], dead);
    }
    if ((await op.commit()).ok) return true;
  }
  return false;
}
