/**
 * Media edge throughput: segment requests per second through VideoFlow's
 * /media route against nginx serving the same files statically, with wrk on
 * loopback (same connections, same duration).
 */
import { createApp } from "../app.ts";
import { openTestServices } from "../tests/_harness/services.ts";
import { seedVideoWithMedia } from "../tests/_harness/media_fixture.ts";
import { freePort } from "../tests/_harness/postgres.ts";
import type { BenchRow } from "./startup.ts";
import { wrk } from "./_wrk.ts";

/** Runs the comparison; needs TEST_DATABASE_URL (bench/mod.ts starts PostgreSQL). */
export async function benchMedia(options: { quick: boolean }): Promise<BenchRow[]> {
  const seconds = options.quick ? 3 : 10;
  const services = await openTestServices();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    createApp(services).fetch,
  );
  const { videoId } = await seedVideoWithMedia(services, { visibility: "public" });
  // A realistic segment: ~800 KB (4 s at ~1.6 Mbit/s).
  const segment = crypto.getRandomValues(new Uint8Array(65536));
  const big = new Uint8Array(800 * 1024).map((_, i) => segment[i % segment.length]);
  await services.storage.put(`media/${videoId}/240p/seg_00000.m4s`, big);
  const nginx = await startStaticNginx(`${services.dir}/objects`);
  try {
    const path = `/media/${videoId}/240p/seg_00000.m4s`;
    const ours = await wrk(`http://127.0.0.1:${server.addr.port}${path}`, { seconds });
    const theirs = await wrk(`${nginx.url}${path}`, { seconds });
    const oursM = await wrk(`http://127.0.0.1:${server.addr.port}/media/${videoId}/master.m3u8`, {
      seconds,
    });
    const theirsM = await wrk(`${nginx.url}/media/${videoId}/master.m3u8`, { seconds });
    const row = (name: string, a: typeof ours, b: typeof ours): BenchRow => ({
      name,
      value: `${
        Math.round(a.requestsPerSecond)
      } req/s, ${a.transferPerSecond}/s, p50 ${a.p50}, p99 ${a.p99}, errors ${a.errors}`,
      comparison: `nginx static: ${
        Math.round(b.requestsPerSecond)
      } req/s, ${b.transferPerSecond}/s, p50 ${b.p50}, p99 ${b.p99}, errors ${b.errors} (ours ${
        (a.requestsPerSecond / b.requestsPerSecond).toFixed(2)
      }×)`,
    });
    return [
      row("P3 /media 800 KB segment (wrk -t2 -c50)", ours, theirs),
      row("P3 /media master.m3u8 (wrk -t2 -c50)", oursM, theirsM),
    ];
  } finally {
    await nginx.stop();
    await server.shutdown();
    await services.close();
  }
}

async function startStaticNginx(root: string): Promise<{ url: string; stop(): Promise<void> }> {
  const prefix = await Deno.makeTempDir({ prefix: "vf-nginx-static-" });
  await Deno.chmod(prefix, 0o777);
  const port = freePort();
  await Deno.writeTextFile(
    `${prefix}/nginx.conf`,
    `worker_processes auto; pid ${prefix}/nginx.pid; error_log ${prefix}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off; sendfile on; tcp_nopush on;
  client_body_temp_path ${prefix}/cb; proxy_temp_path ${prefix}/p; fastcgi_temp_path ${prefix}/f;
  uwsgi_temp_path ${prefix}/u; scgi_temp_path ${prefix}/s;
  types { application/vnd.apple.mpegurl m3u8; video/iso.segment m4s; video/mp4 mp4; }
  server { listen 127.0.0.1:${port}; root ${root}; }
}`,
  );
  // nginx workers run unprivileged: make the files (and the folders above them) readable.
  await new Deno.Command("chmod", { args: ["-R", "a+rX", root] }).output();
  await Deno.chmod(root.slice(0, root.lastIndexOf("/")), 0o755);
  const child = new Deno.Command("/usr/sbin/nginx", {
    args: ["-p", prefix, "-c", `${prefix}/nginx.conf`, "-g", "daemon off;"],
    stdout: "null",
    stderr: "null",
  }).spawn();
  for (let i = 0; i < 100; i++) {
    try {
      (await Deno.connect({ hostname: "127.0.0.1", port })).close();
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      child.kill("SIGTERM");
      await child.status;
      await Deno.remove(prefix, { recursive: true }).catch(() => {});
    },
  };
}
