import type { Context, MiddlewareHandler } from "hono";
import { RateLimitError } from "../lib/errors.ts";
import { hitRateLimit } from "../lib/rate_limit.ts";

/**
 * Limits requests to `limit` per `windowMs` (default one minute) for each key
 * `key(c)` returns; requests for which it returns undefined are not counted.
 * Counters live in Deno KV, shared by every instance; over the limit the
 * request fails with RateLimitError (429 with Retry-After).
 */
export function rateLimit(options: {
  kv: Deno.Kv;
  name: string;
  limit: number;
  windowMs?: number;
  key: (c: Context) => string | undefined;
}): MiddlewareHandler {
  const windowMs = options.windowMs ?? 60_000;
  return async (c, next) => {
    const key = options.key(c);
    if (key !== undefined) {
      const r = await hitRateLimit(options.kv, key, { ...options, windowMs });
      if (!r.ok) throw new RateLimitError(r.retryAfter);
    }
    await next();
  };
}

/**
 * The client's address: the first X-Forwarded-For hop behind a trusted
 * proxy, else the socket's peer (Deno.serve passes it as the env), else
 * "unknown" (in-process requests in tests).
 */
export function clientIp(c: Context, options: { trustProxy: boolean }): string {
  if (options.trustProxy) {
    const forwarded = c.req.header("x-forwarded-for")?.split(",")[0]?.trim();
    if (forwarded && forwarded.length <= 64) return forwarded;
  }
  const env = c.env as { remoteAddr?: { hostname?: string } } | undefined;
  return env?.remoteAddr?.hostname ?? "unknown";
}
