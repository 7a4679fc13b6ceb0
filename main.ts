/**
 * VideoFlow's entry: loads configuration, opens the services, builds the
 * islands, serves the web tier and, with --with-worker (`deno task dev`),
 * runs a worker in the same process.
 */
import { configFromEnv } from "./lib/config.ts";
import { buildIslands } from "./lib/islands/build.ts";
import { hlsModule } from "./lib/islands/vendor.ts";
import { log } from "./lib/log.ts";
import { openServices } from "./lib/services.ts";
import { startWorker } from "./workers/mod.ts";
import { metricsListener } from "./routes/metrics.ts";
import { startConfiguredIngest } from "./lib/live/ingest.ts";
import { startWebIsolates, webApp } from "./web_tier.ts";

const started = performance.now();
const config = configFromEnv();

const [services, islands, hls] = await Promise.all([
  openServices(config),
  buildIslands(new URL("./islands/", import.meta.url), {
    outDir: new URL("./_build/islands", import.meta.url).pathname,
  }),
  hlsModule(),
]);
const worker = Deno.args.includes("--with-worker") ? await startWorker(services) : undefined;
// `deno task dev` runs the RTMP ingest in-process (production: `deno task ingest`).
const ingest = worker ? await startConfiguredIngest(services, config) : undefined;
const { app, metrics } = webApp(services, { islands, hls }, { primary: true });
// /metrics on a port of its own (METRICS_PORT), for a scraper on a private network.
const metricsServer = config.metrics.port
  ? Deno.serve(
    {
      port: config.metrics.port,
      hostname: config.host,
      onListen: (addr) => log("info", "metrics listening", { port: addr.port }),
    },
    metricsListener({ metrics, token: config.metrics.token }).fetch,
  )
  : undefined;

const server = Deno.serve({
  port: config.port,
  hostname: config.host,
  // WEB_CONCURRENCY > 1: more isolates share the port (web_tier.ts).
  reusePort: config.webConcurrency > 1,
  onListen: () => {
    log("info", "listening", {
      url: config.publicUrl,
      database: services.db.kind,
      storage: services.storage.kind,
      startupMs: Math.round(performance.now() - started),
    });
  },
}, app.fetch);
const isolates = config.webConcurrency > 1
  ? await startWebIsolates(config.webConcurrency - 1, {
    port: server.addr.port,
    assets: { islands, hls },
    metrics,
  })
  : undefined;

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  log("info", "shutting down");
  await Promise.all([server.shutdown(), isolates?.stop()]);
  await metricsServer?.shutdown();
  await ingest?.close();
  await worker?.stop();
  await services.close();
  Deno.exit(0);
}
Deno.addSignalListener("SIGINT", shutdown);
Deno.addSignalListener("SIGTERM", shutdown);
