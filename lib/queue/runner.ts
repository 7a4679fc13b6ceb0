import type { Sql } from "../db/mod.ts";
import { AppError, LimitError, ValidationError } from "../errors.ts";
import { log } from "../log.ts";
import type { AnyJobDefinition } from "./define.ts";
import type { Claim, DeadJob } from "./ledger.ts";
import type { Schedule } from "./schedule.ts";
import { type RunnerLedger, sqlLedger } from "./sql_ledger.ts";
import { onLocalWake } from "./wake.ts";

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
  /** General slots: jobs of either lane this runner works on at once. */
  concurrency: number;
  /**
   * Slots kept for the short lane on top of `concurrency` (default 1), so that
   * a short job never waits for a long one to end, even with one general slot.
   */
  shortSlots?: number;
  pollMs: number;
  leaseMs: number;
  retryBaseMs: number;
  maxAttempts?: number;
  jobs: AnyJobDefinition[];
  schedules?: Schedule[];
  /** Running jobs per owner across every worker. */
  ownerLimit?: number;
  /** Jobs costing more than this are in the long lane. */
  shortCost?: number;
  /** Called once a job is dead-lettered (by this runner or by its reaper). */
  onDead?: (dead: DeadJob) => Promise<void>;
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
 * Polls the ledger every `pollMs` (and at once on a same-process wake-up),
 * queues due recurring jobs, runs up to `concurrency` jobs of either lane plus
 * `shortSlots` (1) short ones, renews their leases, enforces their time limits
 * and reaps expired leases. Lanes: long jobs take at most `concurrency` slots
 * and a free general slot prefers the long lane (short jobs have their own
 * slot), so neither lane starves the other; a short job is short by
 * definition (JOB_SHORT_LANE_PIXELS), so running it beside a long encode is
 * cheap.
 */
export function startRunner(sql: Sql, options: RunnerOptions): Runner {
  return startRunnerOn(sqlLedger(sql, options.schedules), options);
}

/**
 * The same loop on any ledger: a remote runner's goes through the web tier
 * (workers/runner.ts), so local workers and remote runners share one loop,
 * one lease discipline and one way of settling a job.
 */
export function startRunnerOn(ledger: RunnerLedger, options: RunnerOptions): Runner {
  const running = new Map<
    string,
    { claim: Claim; abort: AbortController; done: Promise<void>; long: boolean }
  >();
  let stopping = false;
  let wake: (() => void) | undefined;
  const unsubscribe = onLocalWake(() => wake?.());
  const defs = new Map(options.jobs.map((d) => [d.kind, d]));
  const kindLimits = Object.fromEntries(
    options.jobs.filter((d) => d.concurrency).map((d) => [d.kind, d.concurrency!]),
  );
  const shortCost = options.shortCost ?? Number.MAX_VALUE;
  const reapEvery = Math.max(options.pollMs, 1000);
  let lastReap = 0;
  const slots = options.concurrency + (options.shortSlots ?? 1);

  function laneFor(): "short" | "prefer-long" {
    const long = [...running.values()].filter((r) => r.long).length;
    return long >= options.concurrency ? "short" : "prefer-long";
  }

  async function tick() {
    if (ledger.chores && Date.now() - lastReap >= reapEvery) {
      lastReap = Date.now();
      for (const d of await ledger.chores()) await notifyDead(d);
    }
    while (!stopping && running.size < slots) {
      const claim = await ledger.claim(options.workerId, {
        leaseMs: options.leaseMs,
        kinds: [...defs.keys()],
        kindLimits,
        ownerLimit: options.ownerLimit,
        shortCost,
        lane: laneFor(),
        maxAttempts: options.maxAttempts,
      });
      if (!claim) break;
      start(claim);
    }
  }

  async function loop() {
    while (!stopping) {
      try {
        await tick();
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
    const long = (claim.job.cost ?? 0) > shortCost;
    // Claimed after stop() began (its claim was in flight): released at once, not run.
    if (stopping) abort.abort(new JobAbort("shutdown"));
    // Nothing awaits `done` but stop(): a settle that fails (the database gone) is logged,
    // never an unhandled rejection.
    const done = run(claim, abort).catch((err) => {
      log("error", "job settle failed", { jobId: claim.job.id, kind: claim.job.kind, err });
    }).finally(() => {
      running.delete(claim.job.id);
      wake?.();
    });
    running.set(claim.job.id, { claim, abort, done, long });
  }

  async function run(claim: Claim, abort: AbortController) {
    const { job } = claim;
    const fields = { jobId: job.id, kind: job.kind, videoId: job.videoId, attempt: job.attempts };
    log("info", "job claimed", { ...fields, workerId: options.workerId, ownerId: job.ownerId });
    const renewEvery = Math.max(50, Math.min(options.leaseMs / 3, 2000));
    const renewer = setInterval(async () => {
      try {
        const state = await ledger.renew(claim, { leaseMs: options.leaseMs });
        if (state !== "ok" && !abort.signal.aborted) abort.abort(new JobAbort(state));
      } catch (err) {
        log("warn", "lease renewal failed", { ...fields, err });
      }
    }, renewEvery);
    const limitS = Math.round((job.timeLimitMs ?? 0) / 100) / 10;
    const limiter = job.timeLimitMs
      ? setTimeout(() => {
        abort.abort(new LimitError(`Processing took longer than its ${limitS} s limit.`));
      }, Math.min(job.timeLimitMs, 2 ** 31 - 1))
      : undefined;
    try {
      if (abort.signal.aborted) throw abort.signal.reason;
      const def = defs.get(job.kind)!;
      const parsed = def.payload.safeParse(job.payload);
      if (!parsed.success) throw new ValidationError(`Invalid ${job.kind} job payload.`);
      await def.handler({
        job,
        payload: parsed.data,
        workerId: options.workerId,
        signal: abort.signal,
      });
      if (abort.signal.aborted) throw abort.signal.reason;
      // Fenced by the lease token: a holder that lost its lease finishes nothing.
      if (await ledger.complete(claim)) log("info", "job done", fields);
      else log("warn", "job lease lost before completion; left to its new holder", fields);
    } catch (err) {
      await settleFailure(claim, abort.signal.reason ?? err);
    } finally {
      clearInterval(renewer);
      clearTimeout(limiter);
    }
  }

  async function settleFailure(claim: Claim, reason: unknown) {
    const { job } = claim;
    const fields = { jobId: job.id, kind: job.kind, videoId: job.videoId };
    if (reason instanceof JobAbort) {
      if (reason.reason === "cancelled") {
        await ledger.cancelled(claim);
        log("info", "job cancelled", fields);
      } else if (reason.reason === "shutdown") {
        const ok = await ledger.release(claim);
        log("info", "job released", { ...fields, ok });
      } else log("warn", "job lease lost; leaving it to its new holder", fields);
      return;
    }
    const message = reason instanceof Error ? reason.message : String(reason);
    const result = await ledger.fail(claim, {
      error: message,
      permanent: isPermanentError(reason),
      retryBaseMs: options.retryBaseMs,
    });
    if (result.outcome === "dead") await notifyDead(result.dead);
    else if (result.outcome === "retry") {
      log("warn", "job failed; will retry", { ...fields, err: message, runAt: result.runAt });
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
      // The loop first: a claim in flight may still start (and at once release) one more job.
      await looping;
      await Promise.allSettled([...running.values()].map((r) => r.done));
    },
  };
}
