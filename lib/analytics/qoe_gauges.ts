/**
 * The quality-of-experience figures of the analytics rollups as Prometheus
 * gauges (lib/metrics, docs/DESIGN.md "Analytics"): startup time p50/p95,
 * rebuffering ratio and error rate over today and yesterday (the rollup job
 * keeps today's row current), read from `analytics_platform_daily` at scrape
 * time: two rows, no raw events. Every web process answers the same values
 * (aggregate with max(), like the queue figures).
 */
import { Gauge, type Registry } from "prom-client";
import type { Sql } from "../db/mod.ts";
import { histPercentile, sumArrays } from "./stats.ts";

interface Day {
  sessions: number;
  watchS: number;
  rebufferS: number;
  errors: number;
  hist: number[];
}

/** Registers the QoE gauges on `registry`; a MetricsCollector for createMetrics(). */
export function registerQoeGauges(registry: Registry, sql: Sql): void {
  // One read per scrape, shared by the gauges' collect() calls of that scrape.
  let inflight: Promise<Day[]> | undefined;
  const days = () =>
    inflight ??= sql<Day[]>`
      select sessions, watch_s as "watchS", rebuffer_s as "rebufferS", errors,
        startup_hist as hist
      from analytics_platform_daily where day >= current_date - 1`
      .then((rows) => [...rows])
      .finally(() => inflight = undefined);
  const sum = (rows: Day[], f: (d: Day) => number) => rows.reduce((a, d) => a + f(d), 0);
  new Gauge({
    name: "videoflow_qoe_startup_seconds",
    help: "Time to first frame over today and yesterday, from the analytics rollups " +
      "(the bucket's upper edge, 100 ms buckets). Goal: p95 < 2 s.",
    labelNames: ["quantile"] as const,
    registers: [registry],
    async collect() {
      const rows = await days();
      const hist = sumArrays(
        rows.map((d) => d.hist),
        Math.max(0, ...rows.map((d) => d.hist.length)),
      );
      for (const q of [0.5, 0.95]) {
        const ms = histPercentile(hist, q);
        if (ms === null) this.remove({ quantile: String(q) });
        else this.set({ quantile: String(q) }, ms / 1000);
      }
    },
  });
  new Gauge({
    name: "videoflow_qoe_rebuffering_ratio",
    help: "Time spent rebuffering ÷ time watched, today and yesterday. Goal: < 0.01.",
    registers: [registry],
    async collect() {
      const rows = await days();
      const watch = sum(rows, (d) => d.watchS);
      this.set(watch > 0 ? sum(rows, (d) => d.rebufferS) / watch : 0);
    },
  });
  new Gauge({
    name: "videoflow_qoe_error_rate",
    help: "Playback sessions with a fatal error ÷ sessions, today and yesterday.",
    registers: [registry],
    async collect() {
      const rows = await days();
      const sessions = sum(rows, (d) => d.sessions);
      this.set(sessions > 0 ? sum(rows, (d) => d.errors) / sessions : 0);
    },
  });
  new Gauge({
    name: "videoflow_qoe_sessions",
    help: "Playback sessions counted by the analytics rollups, today and yesterday.",
    registers: [registry],
    async collect() {
      this.set(sum(await days(), (d) => d.sessions));
    },
  });
}
