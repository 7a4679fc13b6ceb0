/**
 * The web tier on several cores (WEB_CONCURRENCY, the model of `deno serve
 * --parallel`): Deno.serve runs JavaScript and HTTP on one thread, so one
 * isolate uses one core where nginx runs a worker per core. main.ts serves in
 * its own isolate and starts the others here, each a Web Worker on its own
 * thread with its own services (database pool, KV, storage), all listening on
 * the same port with SO_REUSEPORT: the kernel spreads connections over them.
 * Only HTTP multiplies: the queue worker, the live ingest and the schedules
 * stay in main.ts's isolate, once per host.
 */
import { createApp } from "./app.ts";
import { registerQoeGauges } from "./lib/analytics/qoe_gauges.ts";
import type { IslandsBundle } from "./lib/islands/build.ts";
import { log, setLogFields } from "./lib/log.ts";
import { createMetrics, type Metrics } from "./lib/metrics/mod.ts";
import { type IsolateSnapshot, mergedMetrics } from "./lib/metrics/isolates.ts";
import type { Services } from "./lib/services.ts";
import { transcodeKind } from "./lib/videos/transcode_job.ts";

/** What main.ts built once and every isolate serves: the islands bundle and hls.js. */
export interface WebAssets {
  islands?: IslandsBundle;
  hls?: { file: URL; url: string; full?: URL };
}

/** The primary's orders to a web isolate (web_isolate.ts). */
export type IsolateOrder =
  | { kind: "start"; index: number; port: number; islands?: IslandsBundle; hls?: HlsHrefs }
  | { kind: "stop" }
  /** Send your own metrics (a scrape is being answered). */
  | { kind: "snapshot"; id: number }
  /** The answer to the scrape you asked for. */
  | { kind: "scraped"; id: number; text: string };

/** A web isolate's reports to the primary. */
export type IsolateReport =
  | { kind: "listening" }
  | { kind: "stopped" }
  | { kind: "snapshot"; id: number; metrics: IsolateSnapshot }
  /** A scrape reached this isolate: answer it with every isolate's figures. */
  | { kind: "scrape"; id: number };

/** `WebAssets["hls"]` as a message can carry it (URL objects cannot be cloned). */
export interface HlsHrefs {
  file: string;
  url: string;
  full?: string;
}

/**
 * The app one isolate serves, with its metrics registry; prom-client's process
 * figures (CPU, memory) are process-wide, so only the primary collects them.
 */
export function webApp(
  services: Services,
  assets: WebAssets,
  options: { primary: boolean },
): { app: ReturnType<typeof createApp>; metrics: Metrics } {
  const metrics = createMetrics(services.db.sql, {
    transcodeKind: transcodeKind.kind,
    process: options.primary,
    collectors: [registerQoeGauges],
  });
  return { app: createApp(services, { ...assets, metrics }), metrics };
}

/** The isolates started beside main.ts's own. */
export interface WebIsolates {
  /** Asks each isolate to finish its requests and close its services; ends it after 10 s. */
  stop(): Promise<void>;
}

const STOP_GRACE_MS = 10_000;
/** How long a scrape waits for an isolate's figures before going on without them. */
const SNAPSHOT_WAIT_MS = 2_000;

/**
 * Starts `count` more web isolates serving `port` (main.ts's own server must
 * listen with `reusePort` already) and resolves when each is listening. An
 * isolate that fails ends the process with status 1, as an uncaught error in
 * main.ts's isolate would: a supervisor restarts the whole web tier. From
 * then on a scrape of `metrics` (here, on METRICS_PORT, or through any
 * isolate) sums every isolate's request figures.
 */
export async function startWebIsolates(
  count: number,
  init: { port: number; assets: WebAssets; metrics: Metrics },
): Promise<WebIsolates> {
  setLogFields({ web: 1 });
  const { islands, hls } = init.assets;
  const hrefs = hls && { file: hls.file.href, url: hls.url, full: hls.full?.href };
  const snapshots = new Map<number, (metrics: IsolateSnapshot) => void>();
  let nextId = 0;
  const isolates: { worker: Worker; listening: Promise<void>; stopped: Promise<void> }[] = [];
  const snapshotOf = (worker: Worker) =>
    new Promise<IsolateSnapshot>((resolve) => {
      const id = nextId++;
      const timer = setTimeout(() => done([]), SNAPSHOT_WAIT_MS);
      const done = (metrics: IsolateSnapshot) => {
        clearTimeout(timer);
        snapshots.delete(id);
        resolve(metrics);
      };
      snapshots.set(id, done);
      worker.postMessage({ kind: "snapshot", id } satisfies IsolateOrder);
    });
  const scrape = async () =>
    mergedMetrics(
      init.metrics.registry,
      await Promise.all(isolates.map((i) => snapshotOf(i.worker))),
    );
  for (let i = 0; i < count; i++) {
    const index = i + 2;
    const worker = new Worker(new URL("./web_isolate.ts", import.meta.url), {
      type: "module",
      name: `web-${index}`,
    });
    worker.onerror = (e) => {
      e.preventDefault();
      log("error", "web isolate failed", { failed: index, message: e.message });
      Deno.exit(1);
    };
    const listening = Promise.withResolvers<void>();
    const stopped = Promise.withResolvers<void>();
    worker.onmessage = async ({ data }: MessageEvent<IsolateReport>) => {
      if (data.kind === "listening") listening.resolve();
      else if (data.kind === "stopped") stopped.resolve();
      else if (data.kind === "snapshot") snapshots.get(data.id)?.(data.metrics);
      else if (data.kind === "scrape") {
        const order: IsolateOrder = { kind: "scraped", id: data.id, text: await scrape() };
        worker.postMessage(order);
      }
    };
    const order: IsolateOrder = { kind: "start", index, port: init.port, islands, hls: hrefs };
    worker.postMessage(order);
    isolates.push({ worker, listening: listening.promise, stopped: stopped.promise });
  }
  await Promise.all(isolates.map((i) => i.listening));
  init.metrics.scrape = scrape;
  log("info", "web isolates listening", { isolates: count + 1, port: init.port });
  return {
    async stop() {
      await Promise.all(isolates.map(async ({ worker, stopped }) => {
        worker.postMessage({ kind: "stop" } satisfies IsolateOrder);
        let timer: ReturnType<typeof setTimeout> | undefined;
        const grace = new Promise<void>((r) => timer = setTimeout(r, STOP_GRACE_MS));
        await Promise.race([stopped, grace]);
        clearTimeout(timer);
        worker.terminate();
      }));
    },
  };
}
