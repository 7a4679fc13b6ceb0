/**
 * Deno KV in a file shared by several processes (web instances on one host,
 * docs/DESIGN.md "Remote runners and scale-out"): SQLite refuses a write
 * with "database is locked" while another process holds the write lock
 * instead of waiting, which turned concurrent rate-limit hits into 500s
 * (measured by tests/scale_out_test.ts). A locked write did not happen, so it
 * is tried again after a short random pause. KV Connect (a URL) never
 * answers so, and this changes nothing there.
 */

const BUSY = /database is (locked|busy)/i;
/** Tries per operation; the pauses grow to about a second in all. */
const ATTEMPTS = 25;

/** Runs `fn` again while SQLite reports the shared file locked. */
export async function retryWhileLocked<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1;; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= ATTEMPTS || !(err instanceof Error) || !BUSY.test(err.message)) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * 4 * attempt));
    }
  }
}

const RETRIED = new Set(["get", "getMany", "set", "delete"]);

/** `kv` with every read, write and atomic commit retried while the file is locked. */
export function sharedKv(kv: Deno.Kv): Deno.Kv {
  return new Proxy(kv, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== "function") return value;
      if (prop === "atomic") {
        return () => {
          const op = target.atomic();
          const commit = op.commit.bind(op);
          op.commit = () => retryWhileLocked(commit);
          return op;
        };
      }
      if (typeof prop === "string" && RETRIED.has(prop)) {
        return (...args: unknown[]) => retryWhileLocked(() => value.apply(target, args));
      }
      return value.bind(target);
    },
  });
}
