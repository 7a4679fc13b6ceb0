/**
 * A job's states, named once for the job system (the `jobs` table's check
 * constraint, migrations/0006_jobs.sql, holds the same set; lib/queue/ledger.ts
 * is the one writer). These are not video states (lib/videos/lifecycle.ts).
 */

/** Every state a job can be in. */
export const JOB_STATES = ["ready", "running", "succeeded", "dead", "cancelled"] as const;

/** A job's state. */
export type JobState = typeof JOB_STATES[number];

/** Whether a job in this state waits for a worker (queued, or retrying after a failed attempt). */
export function isJobWaiting(state: string): boolean {
  return state === "ready";
}
