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
 * The client's address: behind the one trusted proxy (TRUST_PROXY), the last
 * X-Forwarded-For hop, which that proxy appended from the connection it saw
 * (anything before it came from the client and can be forged); else the
 * socket's peer (Deno.serve passes it as the env), else "unknown"
 * (in-process requests in tests).
 */
export function clientIp(c: Context, options: { trustProxy: boolean }): string {
  if (options.trustProxy) {
    const forwarded = c.req.header("x-forwarded-for")?.split(",").at(-1)?.trim();
    if (forwarded && /^[0-9A-Fa-f:.]{2,45}$/.test(forwarded)) return forwarded;
  }
  const env = c.env as { remoteAddr?: { hostname?: string } } | undefined;
  return env?.remoteAddr?.hostname ?? "unknown";
}
