/**
 * SQLite-backed KV answers "database is locked" when another handle or process
 * holds the write lock for longer than its short busy timeout. Nothing was
 * written in that case, so the whole operation is retried after a short,
 * random pause.
 */
export async function retryBusy<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 0;; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!isBusy(err) || attempt >= 50) throw err;
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * Math.min(attempt + 1, 5)));
    }
  }
}

function isBusy(err: unknown): boolean {
  return err instanceof Error && /database is locked|database is busy/i.test(err.message);
}
