/**
 * One extra web-tier isolate (a Web Worker started by web_tier.ts when
 * WEB_CONCURRENCY > 1): its own services and app, serving the primary's port
 * with SO_REUSEPORT until the primary orders it to stop. It runs no jobs,
 * ingest or schedules: those stay in main.ts's isolate.
 */
import { configFromEnv } from "./lib/config.ts";
import { setLogFields } from "./lib/log.ts";
import { isolateSnapshot } from "./lib/metrics/isolates.ts";
import type { Registry } from "prom-client";
import { openServices, type Services } from "./lib/services.ts";
import { type IsolateOrder, type IsolateReport, webApp } from "./web_tier.ts";

/** The worker's side of its message port (the project type-checks against deno.window). */
const port = globalThis as unknown as {
  onmessage: ((e: MessageEvent<IsolateOrder>) => void) | null;
  postMessage(report: IsolateReport): void;
};

let running: { server: Deno.HttpServer; services: Services; registry: Registry } | undefined;
/** Scrapes this isolate took, waiting for the primary's sum of every isolate's figures. */
const scrapes = new Map<number, (text: string) => void>();
let nextScrape = 0;

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
    const { app, metrics } = webApp(services, { islands: data.islands, hls }, { primary: false });
    // main.ts's isolate sums every isolate's figures; if it cannot (stopping), this one's own.
    metrics.scrape = () =>
      new Promise((resolve) => {
        const id = nextScrape++;
        const timer = setTimeout(() => {
          scrapes.delete(id);
          resolve(metrics.registry.metrics());
        }, 5_000);
        scrapes.set(id, (text) => {
          clearTimeout(timer);
          resolve(text);
        });
        port.postMessage({ kind: "scrape", id });
      });
    const server = Deno.serve({
      port: data.port,
      hostname: config.host,
      reusePort: true,
      onListen: () => port.postMessage({ kind: "listening" }),
    }, app.fetch);
    running = { server, services, registry: metrics.registry };
  } else if (data.kind === "snapshot") {
    const metrics = running ? await isolateSnapshot(running.registry) : [];
    port.postMessage({ kind: "snapshot", id: data.id, metrics });
  } else if (data.kind === "scraped") {
    scrapes.get(data.id)?.(data.text);
    scrapes.delete(data.id);
  } else if (data.kind === "stop") {
    await running?.server.shutdown();
    await running?.services.close();
    port.postMessage({ kind: "stopped" });
  }
};
