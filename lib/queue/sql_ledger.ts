import type { Sql } from "../db/mod.ts";
import { claimJob, type ClaimOptions } from "./claim.ts";
import {
  cancelledJob,
  type Claim,
  completeJob,
  type DeadJob,
  failJob,
  type FailOutcome,
  releaseJob,
  renewLease,
  requeueExpired,
} from "./ledger.ts";
import { log } from "../log.ts";
import { registerSchedules, runDueSchedules, type Schedule } from "./schedule.ts";

/**
 * What a runner's poll loop does to the job ledger. A worker goes straight to
 * Postgres (sqlLedger); a remote runner goes through the web tier's runner API
 * (workers/_runner_ledger.ts), which makes the same calls on its behalf after
 * checking its token and lease. Every settling call is fenced by the lease
 * token: false or "lost" when the job has another holder now.
 */
export interface RunnerLedger {
  claim(workerId: string, options: ClaimOptions): Promise<Claim | undefined>;
  renew(claim: Claim, options: { leaseMs: number }): Promise<"ok" | "lost" | "cancelled">;
  complete(claim: Claim): Promise<boolean>;
  /** The job stopped because someone asked it to. */
  cancelled(claim: Claim): Promise<boolean>;
  /** Back to the queue without counting the attempt (shutdown). */
  release(claim: Claim): Promise<boolean>;
  fail(
    claim: Claim,
    options: { error: string; permanent?: boolean; retryBaseMs: number },
  ): Promise<FailOutcome>;
  /**
   * About once a second: due recurring jobs and expired leases; returns the
   * jobs that died of it. A remote runner has none (the web tier reaps).
   */
  chores?(): Promise<DeadJob[]>;
}

/** The ledger in Postgres, with the recurring `schedules` queued by this runner's chores. */
export function sqlLedger(sql: Sql, schedules: Schedule[] = []): RunnerLedger {
  // Registered on the first chore run (and again on the next one if that failed).
  let registered = false;
  return {
    claim: (workerId, options) => claimJob(sql, workerId, options),
    renew: (claim, options) => renewLease(sql, claim, options),
    complete: (claim) => completeJob(sql, claim),
    cancelled: (claim) => cancelledJob(sql, claim),
    release: (claim) => releaseJob(sql, claim),
    fail: (claim, options) => failJob(sql, claim, options),
    async chores() {
      if (!registered) {
        await registerSchedules(sql, schedules);
        registered = true;
      }
      await runDueSchedules(sql, schedules);
      const { requeued, dead } = await requeueExpired(sql);
      if (requeued.length) log("warn", "expired leases requeued", { jobs: requeued });
      return dead;
    },
  };
}
