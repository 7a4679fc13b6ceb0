/**
 * Shares one pending load among concurrent callers asking for the same key:
 * when a crowd arrives at once (thousands of viewers joining a stream, or
 * every entry of a popular video expiring together), the database or
 * storage sees one query per key instead of one per request.
 */
export class SingleFlight<T> {
  readonly #pending = new Map<string, Promise<T>>();

  /** Whether a load of `key` is pending (a caller now would share it). */
  has(key: string): boolean {
    return this.#pending.has(key);
  }

  /** `load()`'s result, shared with every caller of `key` while it is pending. */
  run(key: string, load: () => Promise<T>): Promise<T> {
    const pending = this.#pending.get(key);
    if (pending) return pending;
    const started = load().finally(() => this.#pending.delete(key));
    this.#pending.set(key, started);
    return started;
  }
}
