/**
 * One extra web-tier isolate (a Web Worker started by web_tier.ts when
 * WEB_CONCURRENCY > 1): its own services and app, serving the primary's port
 * with SO_REUSEPORT until the primary orders it to stop. It runs no jobs,
 * ingest or schedules: those stay in main.ts's isolate.
 */
import { configFromEnv } from "./lib/config.ts";
import { setLogFields } from "./lib/log.ts";
import { openServices, type Services } from "./lib/services.ts";
import { type IsolateOrder, type IsolateReport, webApp } from "./web_tier.ts";

/** The worker's side of its message port (the project type-checks against deno.window). */
const port = globalThis as unknown as {
  onmessage: ((e: MessageEvent<IsolateOrder>) => void) | null;
  postMessage(report: IsolateReport): void;
};

let running: { server: Deno.HttpServer; services: Services } | undefined;

port.onmessage = async ({ data }) => {
  if (data.kind === "start") {
    setLogFields({ web: data.index });
    const config = configFromEnv();
    const services = await openServices(config);
    const hls = data.hls && {
      file: new URL(data.hls.file),
      url: data.hls.url,
      full: data.hls.full ? new URL(data.hls.full) : undefined,
    };
    const { app } = webApp(services, { islands: data.islands, hls }, { primary: false });
    const server = Deno.serve({
      port: data.port,
      hostname: config.host,
      reusePort: true,
      onListen: () => port.postMessage({ kind: "listening" }),
    }, app.fetch);
    running = { server, services };
  } else if (data.kind === "stop") {
    await running?.server.shutdown();
    await running?.services.close();
    port.postMessage({ kind: "stopped" });
  }
};
