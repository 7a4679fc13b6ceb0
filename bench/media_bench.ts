/**
 * P3 media edge throughput: public /media requests per second from VideoFlow
 * as it is deployed (main.ts in its own process on PostgreSQL, local storage)
 * with one web-tier isolate and with two (WEB_CONCURRENCY=2, one per core as
 * nginx runs a worker per core), against nginx serving the same files
 * statically; wrk on loopback, same connections and duration, back to back.
 */
import { setLogLevel } from "../lib/log.ts";
import { freshDatabase } from "../tests/_harness/db.ts";
import { startPostgres } from "../tests/_harness/postgres.ts";
import { processTreeCpuMs } from "./_backend_cpu.ts";
import { type Origin, seedPublicVideo, startOrigin } from "./_origin.ts";
import { startStaticNginx } from "./_static_nginx.ts";
import type { BenchOptions, BenchResult } from "./_types.ts";
import { wrk, type WrkResult } from "./_wrk.ts";

/** Goal and the figure before WEB_CONCURRENCY (quiet, one isolate in the bench's process). */
const OBJECTS = [
  { label: "800 KB segment", path: "720p/seg_0.m4s", goal: 0.8, before: "0.51× (2,463 vs 4,846)" },
  { label: "master.m3u8", path: "master.m3u8", goal: 0.4, before: "0.47× (43,787 vs 93,167)" },
];
const CONCURRENCY = [1, 2];

/** wrk's figures and the server's CPU time per request over the same run. */
type Measured = WrkResult & { cpuUsPerRequest: number };

/** Runs the comparison (starts its own PostgreSQL, as the test harness does). */
export default async function run(options: BenchOptions): Promise<BenchResult> {
  const seconds = options.quick ? 3 : 10;
  const pg = await startPostgres();
  Deno.env.set("TEST_DATABASE_URL", pg.url);
  setLogLevel("warn");
  const db = await freshDatabase({ max: 1 });
  const dir = await Deno.makeTempDir({ prefix: "vf-bench-media-" });
  const stops: (() => Promise<void>)[] = [];
  try {
    // The first origin migrates the database; the video is seeded before anyone asks for it.
    const origins: Origin[] = [];
    for (const n of CONCURRENCY) {
      const origin = await startOrigin(db.url, { dataDir: dir, webConcurrency: n });
      stops.push(origin.stop);
      origins.push(origin);
    }
    const videoId = await seedPublicVideo(db.url, dir);
    const nginx = await startStaticNginx(`${dir}/objects`);
    stops.push(nginx.stop);
    const rows: (string | number)[][] = [];
    const data: Record<string, Record<string, Measured>> = {};
    const measure = async (url: string, pid: number): Promise<Measured> => {
      const cpuBefore = processTreeCpuMs(pid);
      const r = await wrk(url, { seconds });
      const cpuMs = processTreeCpuMs(pid) - cpuBefore;
      return { ...r, cpuUsPerRequest: (cpuMs * 1000) / (r.requestsPerSecond * seconds) };
    };
    for (const o of OBJECTS) {
      const path = `/media/${videoId}/${o.path}`;
      const results: Record<string, Measured> = {};
      // Each origin, then nginx, back to back: they meet the same moment's machine.
      for (const [i, origin] of origins.entries()) {
        results[`WEB_CONCURRENCY=${CONCURRENCY[i]}`] = await measure(origin.url + path, origin.pid);
      }
      const ref = results["nginx static"] = await measure(nginx.url + path, nginx.pid);
      data[o.label] = results;
      for (const [server, r] of Object.entries(results)) {
        const isRef = r === ref;
        rows.push([
          o.label,
          isRef ? server : `VideoFlow main.ts, ${server}`,
          Math.round(r.requestsPerSecond),
          `${r.transferPerSecond}/s`,
          `${r.p50} / ${r.p99}`,
          r.errors,
          Math.round(r.cpuUsPerRequest),
          isRef ? "reference" : `${(r.requestsPerSecond / ref.requestsPerSecond).toFixed(2)}×`,
          isRef ? "" : `≥ ${o.goal}×`,
          isRef ? "" : o.before,
        ]);
      }
    }
    return {
      tables: [{
        title: `P3 media edge: public /media requests, wrk -t2 -c50 -d${seconds}s on loopback`,
        columns: [
          "object",
          "server",
          "req/s",
          "MB/s",
          "p50 / p99",
          "errors",
          "server CPU µs/req",
          "÷ nginx",
          "goal",
          "before (1 isolate in process)",
        ],
        rows,
        note: "Same files, same machine, same run; nginx (worker_processes auto: one per core) " +
          "serves them from disk with sendfile, VideoFlow is main.ts on PostgreSQL with " +
          "WEB_CONCURRENCY isolates on the port. wrk's two threads share the cores with the " +
          "server. Server CPU per request (its process tree's user + system time over the " +
          "run, /proc) hardly depends on other load, unlike req/s. A CDN or nginx cache in front (deploy/nginx) serves repeat requests at nginx speed.",
      }],
      data,
    };
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    await db.drop();
    await pg.stop();
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}
