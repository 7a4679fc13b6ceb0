import { createHash, timingSafeEqual } from "node:crypto";
import { Hono } from "hono";
import { NotFoundError } from "../lib/errors.ts";
import type { Metrics } from "../lib/metrics/mod.ts";

const digest = (s: string) => createHash("sha256").update(s).digest();

/**
 * GET /metrics in Prometheus's text format. On the main port it exists only
 * with a token (`METRICS_TOKEN`, sent as `Authorization: Bearer …`; 401
 * without it) and is otherwise the app's 404, as if there were no such path.
 * `open` serves it without a token when none is set: the separate
 * `METRICS_PORT` listener, which only a scraper should reach.
 */
export function metricsRoutes(deps: { metrics: Metrics; token?: string; open?: boolean }): Hono {
  return new Hono().get("/metrics", async (c) => {
    if (!deps.token && !deps.open) throw new NotFoundError("There is no such page.");
    if (deps.token) {
      const given = /^Bearer (\S+)$/.exec(c.req.header("authorization") ?? "")?.[1] ?? "";
      // Hashed first, so that the comparison takes the same time whatever the length.
      if (!timingSafeEqual(digest(given), digest(deps.token))) {
        return c.text("A metrics token is required.\n", 401, {
          "WWW-Authenticate": 'Bearer realm="metrics"',
          "Cache-Control": "no-store",
        });
      }
    }
    const body = await (deps.metrics.scrape ?? (() => deps.metrics.registry.metrics()))();
    return c.body(body, 200, {
      "Content-Type": deps.metrics.registry.contentType,
      "Cache-Control": "no-store",
    });
  });
}

/** The separate METRICS_PORT listener: /metrics and nothing else. */
export function metricsListener(deps: { metrics: Metrics; token?: string }): Hono {
  return new Hono().route("/", metricsRoutes({ ...deps, open: true }))
    .notFound((c) => c.text("Not found.\n", 404));
}
