/** Prometheus metrics (docs/DESIGN.md, "Focus mode and metrics"). */
export { createMetrics, type Metrics, type MetricsCollector } from "./registry.ts";
export { registerQueueGauges } from "./queue_gauges.ts";
