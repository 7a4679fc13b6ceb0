/**
 * Media edge throughput: segment requests per second through VideoFlow's
 * /media route against nginx serving the same files statically, with wrk on
 * loopback (same connections, same duration).
 */
import { createApp } from "../app.ts";
import { openTestServices } from "../tests/_harness/services.ts";
import { seedVideoWithMedia } from "../tests/_harness/media_fixture.ts";
import { startPostgres } from "../tests/_harness/postgres.ts";
import { setLogLevel } from "../lib/log.ts";
import type { BenchOptions, BenchResult } from "./_types.ts";
import type { WrkResult } from "./_wrk.ts";
import { wrk } from "./_wrk.ts";
import { startStaticNginx } from "./_static_nginx.ts";

/** Runs the comparison (starts its own PostgreSQL, as the test harness does). */
export default async function run(options: BenchOptions): Promise<BenchResult> {
  const seconds = options.quick ? 3 : 10;
  const pg = await startPostgres();
  Deno.env.set("TEST_DATABASE_URL", pg.url);
  setLogLevel("warn");
  const services = await openTestServices();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    createApp(services).fetch,
  );
  const { videoId } = await seedVideoWithMedia(services, { visibility: "public" });
  // A realistic segment: ~800 KB (4 s at ~1.6 Mbit/s).
  const pattern = crypto.getRandomValues(new Uint8Array(65536));
  const big = new Uint8Array(800 * 1024).map((_, i) => pattern[i % pattern.length]);
  await services.storage.put(`media/${videoId}/240p/seg_00000.m4s`, big);
  const nginx = await startStaticNginx(`${services.dir}/objects`);
  try {
    const ours = `http://127.0.0.1:${server.addr.port}`;
    const rows: (string | number)[][] = [];
    const data: Record<string, { ours: WrkResult; nginx: WrkResult }> = {};
    for (
      const [label, path] of [
        ["800 KB segment", `/media/${videoId}/240p/seg_00000.m4s`],
        ["master.m3u8", `/media/${videoId}/master.m3u8`],
      ]
    ) {
      const a = await wrk(ours + path, { seconds });
      const b = await wrk(nginx.url + path, { seconds });
      data[label] = { ours: a, nginx: b };
      rows.push([
        label,
        Math.round(a.requestsPerSecond),
        `${a.transferPerSecond}/s`,
        `${a.p50} / ${a.p99}`,
        a.errors,
        Math.round(b.requestsPerSecond),
        `${b.transferPerSecond}/s`,
        `${b.p50} / ${b.p99}`,
        `${(a.requestsPerSecond / b.requestsPerSecond).toFixed(2)}×`,
      ]);
    }
    return {
      tables: [{
        title: `P3 media edge: public /media requests, wrk -t2 -c50 -d${seconds}s on loopback`,
        columns: [
          "object",
          "ours req/s",
          "ours MB/s",
          "ours p50 / p99",
          "errors",
          "nginx static req/s",
          "nginx MB/s",
          "nginx p50 / p99",
          "ours ÷ nginx",
        ],
        rows,
        note:
          "Same files, same machine; nginx serves them from disk with sendfile. A CDN or nginx cache in front (deploy/nginx) serves repeat requests at nginx speed.",
      }],
      data,
    };
  } finally {
    await nginx.stop();
    await server.shutdown();
    await services.close();
    await pg.stop();
  }
}
