import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { Sql } from "../db/mod.ts";
import { registerQueueGauges } from "./queue_gauges.ts";

/**
 * Registers more gauges on the registry, read at scrape time (their own
 * `collect()`). This is how a feature adds its figures without this module
 * knowing it: the QoE gauges of the player analytics rollups come as one
 * (docs/DESIGN.md, "Focus mode and metrics").
 */
export type MetricsCollector = (registry: Registry, sql: Sql) => void;

/** One web process's Prometheus registry and the instruments the HTTP layer feeds. */
export interface Metrics {
  registry: Registry;
  /** Request durations by method, matched route pattern and status. */
  httpDuration: Histogram<"method" | "route" | "status">;
  /** Uploads completed: `accepted` (queued for processing) or `refused` (not a video, too big…). */
  uploads: Counter<"result">;
  /** Where the number of open event streams comes from (set by the app that owns them). */
  openStreams: { source: () => number };
  /**
   * The text a scrape answers when it is more than this registry's: with several web-tier
   * isolates (web_tier.ts), every isolate's request figures summed.
   */
  scrape?: () => Promise<string>;
}

/** HTTP duration buckets (s): from a cached page to a slow upload completion. */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * A registry of its own (never prom-client's global one: tests build many
 * apps in one process) with, when asked, the process figures, the HTTP instruments, the active event streams,
 * the queue and transcode gauges read from the database at scrape time, and
 * whatever `collectors` add.
 */
export function createMetrics(
  sql: Sql,
  options: {
    transcodeKind: string;
    kinds?: string[];
    collectors?: MetricsCollector[];
    /** prom-client's process figures (CPU, memory, event-loop lag): the served process only. */
    process?: boolean;
  },
): Metrics {
  const registry = new Registry();
  // It keeps an event-loop monitor running for the life of the process, so only main.ts asks.
  if (options.process) collectDefaultMetrics({ register: registry });
  const openStreams = { source: () => 0 };
  const httpDuration = new Histogram({
    name: "videoflow_http_request_duration_seconds",
    help: "HTTP request duration by method, matched route pattern and status (s).",
    labelNames: ["method", "route", "status"] as const,
    buckets: HTTP_BUCKETS,
    registers: [registry],
  });
  const uploads = new Counter({
    name: "videoflow_upload_completions_total",
    help: "Uploads completed through this process: accepted (queued for processing) or refused " +
      "(not a video, too big…). Success rate: accepted / all.",
    labelNames: ["result"] as const,
    registers: [registry],
  });
  // Both series exist from the start, so that a rate over them is defined.
  uploads.inc({ result: "accepted" }, 0);
  uploads.inc({ result: "refused" }, 0);
  new Gauge({
    name: "videoflow_sse_streams_active",
    help: "Server-sent event streams open on this process (processing status, notifications).",
    registers: [registry],
    collect() {
      this.set(openStreams.source());
    },
  });
  registerQueueGauges(registry, sql, {
    transcodeKind: options.transcodeKind,
    kinds: options.kinds ?? [options.transcodeKind],
  });
  for (const collector of options.collectors ?? []) collector(registry, sql);
  return { registry, httpDuration, uploads, openStreams };
}
