/**
 * Fixed-window rate limiting (each key's window opens at its first hit) with counters in Deno KV, so that every web
 * instance sharing the KV store enforces one limit.
 */

/** One limit: at most `limit` hits per `windowMs` for each key. */
export interface RateLimitRule {
  /** Names the counter family, e.g. "login-ip". */
  name: string;
  limit: number;
  windowMs: number;
}

/** The outcome of one hit. */
export interface RateLimitResult {
  ok: boolean;
  remaining: number;
  /** Seconds until the window resets (at least 1). */
  retryAfter: number;
}

/**
 * Counts one hit for `key` under `rule` and says whether it is allowed. A
 * window opens at a key's first hit and lasts `windowMs`. The increment is an
 * atomic check-and-set, retried when another instance wrote the same counter
 * first; counters expire with their window.
 */
export function hitRateLimit(
  kv: Deno.Kv,
  key: string,
  options: RateLimitRule & { now?: number },
): Promise<RateLimitResult> {
  // Hits on one counter from this process go one at a time: concurrent
  // check-and-sets on the same key would only conflict with each other (a burst
  // of 100 requests from one address ran out of retries and was refused).
  // Retries remain for writes from other instances.
  const id = `${options.name}\u0000${key}`;
  const previous = inFlight.get(id) ?? Promise.resolve();
  const next = previous.catch(() => {}).then(() => hit(kv, key, options));
  const tail = next.catch(() => {}).finally(() => {
    if (inFlight.get(id) === tail) inFlight.delete(id);
  });
  inFlight.set(id, tail);
  return next;
}

const inFlight = new Map<string, Promise<unknown>>();

async function hit(
  kv: Deno.Kv,
  key: string,
  options: RateLimitRule & { now?: number },
): Promise<RateLimitResult> {
  const kvKey = ["rate_limit", options.name, key];
  for (let attempt = 0; attempt < 20; attempt++) {
    const now = options.now ?? Date.now();
    const current = await kv.get<{ count: number; start: number }>(kvKey);
    const open = current.value && now < current.value.start + options.windowMs;
    const start = open ? current.value!.start : now;
    const count = open ? current.value!.count : 0;
    const left = start + options.windowMs - now;
    const retryAfter = Math.max(1, Math.ceil(left / 1000));
    if (count >= options.limit) return { ok: false, remaining: 0, retryAfter };
    const res = await kv.atomic().check(current).set(kvKey, { count: count + 1, start }, {
      expireIn: left + 1000,
    }).commit();
    if (res.ok) return { ok: true, remaining: options.limit - count - 1, retryAfter };
  }
  // Heavy contention on one counter is itself a sign of abuse.
  return { ok: false, remaining: 0, retryAfter: 1 };
}
