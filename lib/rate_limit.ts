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
  return oneAtATime(`${options.name}\u0000${key}`, () => hit(kv, key, options));
}

/**
 * Gives back one hit counted by hitRateLimit() in the current window (an
 * attempt that turned out not to count, e.g. a correct password).
 */
export function refundRateLimit(
  kv: Deno.Kv,
  key: string,
  options: RateLimitRule & { now?: number },
): Promise<void> {
  return oneAtATime(`${options.name}\u0000${key}`, async () => {
    const kvKey = ["rate_limit", options.name, key];
    for (let attempt = 0; attempt < 20; attempt++) {
      const now = options.now ?? Date.now();
      const current = await kv.get<{ count: number; start: number }>(kvKey);
      const v = current.value;
      if (!v || now >= v.start + options.windowMs || v.count === 0) return;
      const res = await kv.atomic().check(current).set(kvKey, { ...v, count: v.count - 1 }, {
        expireIn: v.start + options.windowMs - now + 1000,
      }).commit();
      if (res.ok) return;
    }
  });
}

/**
 * The part of an address that identifies one client for limits: an IPv4
 * address, or the /64 of an IPv6 one (a subscriber usually holds a whole /64,
 * so single addresses in it cost nothing to mint). IPv4-mapped IPv6 is IPv4.
 */
export function networkKey(ip: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped) return mapped[1];
  if (!ip.includes(":")) return ip;
  const bare = ip.split("%")[0].toLowerCase();
  const halves = bare.split("::");
  if (halves.length > 2 || !/^[0-9a-f:.]+$/.test(bare)) return ip;
  const groups = (part: string | undefined) =>
    part ? part.split(":").flatMap((g) => g.includes(".") ? ["0", "0"] : [g]) : [];
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  const all = halves.length === 2
    ? [...head, ...Array(Math.max(0, 8 - head.length - tail.length)).fill("0"), ...tail]
    : head;
  if (all.length !== 8 || all.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return ip;
  return `${all.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(":")}::/64`;
}

// Hits on one counter from this process go one at a time: concurrent
// check-and-sets on the same key would only conflict with each other (a burst
// of 100 requests from one address ran out of retries and was refused).
// Retries remain for writes from other instances.
function oneAtATime<T>(id: string, fn: () => Promise<T>): Promise<T> {
  const previous = inFlight.get(id) ?? Promise.resolve();
  const next = previous.catch(() => {}).then(fn);
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

/**
 * Counts long-lived things (open event streams) per key in this process, at
 * most `limit` at once per key. Open connections are this process's own
 * resource, so the count is too (no KV round trip per stream).
 */
export class OpenSlots {
  readonly limit: number;
  readonly #open = new Map<string, number>();
  #total = 0;

  constructor(limit: number) {
    this.limit = limit;
  }

  /** How many slots are taken, over every key (the active event streams gauge). */
  get total(): number {
    return this.#total;
  }

  /** Takes a slot for `key`: its release (safe to call twice), or undefined when none is free. */
  acquire(key: string): (() => void) | undefined {
    const open = this.#open.get(key) ?? 0;
    if (open >= this.limit) return undefined;
    this.#open.set(key, open + 1);
    this.#total++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#total--;
      const left = (this.#open.get(key) ?? 1) - 1;
      if (left > 0) this.#open.set(key, left);
      else this.#open.delete(key);
    };
  }
}
