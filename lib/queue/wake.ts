/**
 * Same-process wake-ups: a worker in the process that enqueued a job starts it
 * at once instead of at its next poll. Other processes rely on polling, which
 * is what KV Connect allows (it has no queues) and what a shared KV file needs
 * (another process's listenQueue sees new messages only about once a minute).
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
