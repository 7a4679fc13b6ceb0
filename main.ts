/**
 * VideoFlow's entry: loads configuration, opens the services, builds the
 * islands, serves the web tier and, with --with-worker (`deno task dev`),
 * runs a worker in the same process.
 */
import { createApp } from "./app.ts";
import { configFromEnv } from "./lib/config.ts";
import { buildIslands } from "./lib/islands/build.ts";
import { hlsModule } from "./lib/islands/vendor.ts";
import { log } from "./lib/log.ts";
import { openServices } from "./lib/services.ts";
import { startWorker } from "./workers/mod.ts";

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
const app = createApp(services, { islands, hls });

const server = Deno.serve({
  port: config.port,
  hostname: config.host,
  onListen: () => {
    log("info", "listening", {
      url: config.publicUrl,
      database: services.db.kind,
      storage: services.storage.kind,
      startupMs: Math.round(performance.now() - started),
    });
  },
}, app.fetch);

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  log("info", "shutting down");
  await server.shutdown();
  await worker?.stop();
  await services.close();
  Deno.exit(0);
}
Deno.addSignalListener("SIGINT", shutdown);
Deno.addSignalListener("SIGTERM", shutdown);
