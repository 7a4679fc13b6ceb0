import { AggregatorRegistry, type Registry } from "prom-client";

/**
 * The figures each web-tier isolate keeps of its own requests (WEB_CONCURRENCY,
 * web_tier.ts): a scrape sums them over every isolate. The rest of a registry
 * (queue and QoE gauges read from the database, the process figures, which
 * only main.ts's isolate collects) describes the whole host already and is
 * taken once, from the isolate that answers.
 */
export const PER_ISOLATE_METRICS = [
  "videoflow_http_request_duration_seconds",
  "videoflow_upload_completions_total",
  "videoflow_sse_streams_active",
];

/** One isolate's own figures, as prom-client's JSON (a message can carry it). */
export type IsolateSnapshot = object[];

/** This isolate's own figures (no database query: only the per-isolate instruments). */
export async function isolateSnapshot(registry: Registry): Promise<IsolateSnapshot> {
  const metrics = PER_ISOLATE_METRICS.map((name) => registry.getSingleMetric(name));
  return await Promise.all(metrics.filter((m) => m !== undefined).map((m) => m.get()));
}

/** The Prometheus text of `own` registry with the other isolates' figures added in. */
export async function mergedMetrics(own: Registry, others: IsolateSnapshot[]): Promise<string> {
  if (!others.length) return await own.metrics();
  return await AggregatorRegistry.aggregate([await own.getMetricsAsJSON(), ...others]).metrics();
}
