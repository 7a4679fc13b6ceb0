import { AppError } from "../errors.ts";
import { log } from "../log.ts";
import {
  type Claim,
  claimJob,
  completeJob,
  type DeadJob,
  failJob,
  type Job,
  releaseJob,
  renewLease,
  requeueExpired,
} from "./ledger.ts";
import { onLocalWake } from "./wake.ts";

/** What a handler gets: the job and a signal that aborts on cancel, lost lease or shutdown. */
export interface JobContext {
  job: Job;
  workerId: string;
  signal: AbortSignal;
}

/** Does the work of one job; throw to fail the attempt. */
export type JobHandler = (ctx: JobContext) => Promise<void>;

/** Why a running job's signal was aborted. */
export class JobAbort extends Error {
  override name = "JobAbort";
  constructor(readonly reason: "cancelled" | "lost" | "shutdown") {
    super(`job ${reason}`);
  }
}

/** Options for a queue runner. */
export interface RunnerOptions {
  workerId: string;
  concurrency: number;
  pollMs: number;
  leaseMs: number;
  retryBaseMs: number;
  maxAttempts?: number;
  handlers: Record<string, JobHandler>;
  /** Called once a job is dead-lettered (by this runner or by its reaper). */
  onDead?: (dead: DeadJob) => Promise<void>;
  /** Called when a held job turns out to be cancelled. */
  onCancelled?: (job: Job) => Promise<void>;
  /** Called when an attempt failed and the job will be retried. */
  onRetry?: (job: Job, info: { error: string; runAt: number }) => Promise<void>;
}

/** A running poll loop. */
export interface Runner {
  /** Stops claiming; aborts running jobs and releases their leases. */
  stop(): Promise<void>;
  /** Jobs being worked on right now. */
  active(): number;
}

/** Errors that no retry can fix: bad input, limits, a vanished video. */
export function isPermanentError(err: unknown): boolean {
  return err instanceof AppError &&
    ["invalid_input", "too_large", "not_found"].includes(err.code);
}

/**
 * Polls the ready index every `pollMs` (and at once on a same-process wake-up),
 * runs up to `concurrency` jobs, renews their leases, and reaps expired ones.
 */
export function startRunner(kv: Deno.Kv, options: RunnerOptions): Runner {
  const running = new Map<string, { claim: Claim; abort: AbortController; done: Promise<void> }>();
  let stopping = false;
  let wake: (() => void) | undefined;
  const unsubscribe = onLocalWake(() => wake?.());
  const kinds = Object.keys(options.handlers);
  const reapEvery = Math.max(options.pollMs, 1000);
  let lastReap = 0;

  async function loop() {
    while (!stopping) {
      try {
        if (Date.now() - lastReap >= reapEvery) {
          lastReap = Date.now();
          const { requeued, dead } = await requeueExpired(kv);
          if (requeued.length) log("warn", "expired leases requeued", { jobs: requeued });
          for (const d of dead) await notifyDead(d);
        }
        while (!stopping && running.size < options.concurrency) {
          const claim = await claimJob(kv, options.workerId, {
            leaseMs: options.leaseMs,
            kinds,
            maxAttempts: options.maxAttempts,
          });
          if (!claim) break;
          start(claim);
        }
      } catch (err) {
        if (stopping) break;
        log("error", "queue poll failed", { err, workerId: options.workerId });
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, options.pollMs);
        wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      wake = undefined;
    }
  }

  function start(claim: Claim) {
    const abort = new AbortController();
    const done = run(claim, abort).finally(() => {
      running.delete(claim.job.id);
      wake?.();
    });
    running.set(claim.job.id, { claim, abort, done });
  }

  async function run(claim: Claim, abort: AbortController) {
    const { job } = claim;
    const fields = { jobId: job.id, videoId: job.videoId, attempt: job.attempts };
    log("info", "job claimed", { ...fields, workerId: options.workerId });
    const renewEvery = Math.max(50, Math.min(options.leaseMs / 3, 2000));
    const renewer = setInterval(async () => {
      try {
        const state = await renewLease(kv, claim, { leaseMs: options.leaseMs });
        if (state !== "ok" && !abort.signal.aborted) abort.abort(new JobAbort(state));
      } catch (err) {
        log("warn", "lease renewal failed", { ...fields, err });
      }
    }, renewEvery);
    try {
      const handler = options.handlers[job.kind];
      await handler({ job, workerId: options.workerId, signal: abort.signal });
      if (abort.signal.aborted) throw abort.signal.reason;
      await completeJob(kv, claim);
      log("info", "job done", fields);
    } catch (err) {
      await settleFailure(claim, abort.signal.reason ?? err, err);
    } finally {
      clearInterval(renewer);
    }
  }

  async function settleFailure(claim: Claim, reason: unknown, err: unknown) {
    const { job } = claim;
    const fields = { jobId: job.id, videoId: job.videoId };
    if (reason instanceof JobAbort) {
      if (reason.reason === "cancelled") {
        await completeJob(kv, claim);
        await options.onCancelled?.(job);
        log("info", "job cancelled", fields);
      } else if (reason.reason === "shutdown") {
        const ok = await releaseJob(kv, claim);
        log("info", "job released", { ...fields, ok });
      } else log("warn", "job lease lost; leaving it to its new holder", fields);
      return;
    }
    const message = err instanceof Error ? err.message : String(err);
    const result = await failJob(kv, claim, {
      error: message,
      permanent: isPermanentError(err),
      retryBaseMs: options.retryBaseMs,
    });
    if (result.outcome === "dead") await notifyDead(result.dead);
    else if (result.outcome === "retry") {
      log("warn", "job failed; will retry", { ...fields, err: message, runAt: result.runAt });
      await options.onRetry?.(job, { error: message, runAt: result.runAt });
    }
  }

  async function notifyDead(dead: DeadJob) {
    log("warn", "job dead-lettered", { jobId: dead.job.id, reason: dead.reason });
    try {
      await options.onDead?.(dead);
    } catch (err) {
      log("error", "dead-letter hook failed", { jobId: dead.job.id, err });
    }
  }

  const looping = loop();
  return {
    active: () => running.size,
    async stop() {
      if (stopping) return;
      stopping = true;
      wake?.();
      unsubscribe();
      for (const r of running.values()) r.abort.abort(new JobAbort("shutdown"));
      await Promise.allSettled([...running.values()].map((r) => r.done));
      await looping;
    },
  };
}
