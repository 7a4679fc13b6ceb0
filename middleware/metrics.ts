import type { Context, MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import type { Metrics } from "../lib/metrics/mod.ts";

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/**
 * The route label: the pattern of the handler the request matched (e.g.
 * `/v/:id`), never the raw path, so the label's values are bounded by the
 * routes the app declares. Middleware (`app.use`, method ALL) is skipped, so
 * a request refused by a guard is still labelled with its route; a request
 * no route matched is `unmatched`.
 */
export function routeLabel(c: Context): string {
  return matchedRoutes(c).filter((r) => r.method !== "ALL").at(-1)?.path ?? "unmatched";
}

/**
 * Observes every request's duration by method, route pattern and status in
 * the registry's histogram. A streamed answer (media, event streams) is
 * timed to its headers, not to its last byte.
 */
export function httpMetrics(deps: { metrics: Metrics }): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      const method = METHODS.has(c.req.method) ? c.req.method : "OTHER";
      deps.metrics.httpDuration.observe(
        { method, route: routeLabel(c), status: String(c.res.status) },
        (performance.now() - started) / 1000,
      );
    }
  };
}
