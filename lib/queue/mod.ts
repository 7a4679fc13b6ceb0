/**
 * The job system: a ledger in Postgres (ledger.ts) written from one place, job
 * kinds with zod-validated payloads (define.ts), recurring schedules
 * (schedule.ts), the admin view (admin.ts) and a poll loop that runs handlers
 * fairly (runner.ts). The web tier enqueues through a JobKind; workers run
 * startRunner() with the definitions they handle.
 */
export * from "./admin.ts";
export * from "./claim.ts";
export * from "./define.ts";
export * from "./ledger.ts";
export * from "./prune.ts";
export * from "./read.ts";
export * from "./runner.ts";
export * from "./schedule.ts";
export * from "./states.ts";
export { onLocalWake, wakeLocalWorkers } from "./wake.ts";
export * from "./sql_ledger.ts";
