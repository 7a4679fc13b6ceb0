/**
 * Same-process wake-ups: a runner in the process that enqueued a job starts it
 * at once instead of at its next poll. Other processes find it by polling the
 * ledger (Postgres LISTEN/NOTIFY is not used: PGlite delivers nothing, and
 * polling is needed anyway after a missed notification).
 */
const listeners = new Set<() => void>();

/** Runs `fn` whenever a job is enqueued in this process; returns an unsubscribe. */
export function onLocalWake(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Wakes this process's runners. */
export function wakeLocalWorkers(): void {
  for (const fn of listeners) fn();
}
