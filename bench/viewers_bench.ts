/**
 * P4 concurrent viewers: VideoFlow (`main.ts`, its own process) serves a public
 * video from local storage; simulated viewers on loopback each fetch the
 * master, a variant playlist, then one ~800 KB segment every 4 s. The count
 * ramps up in steps; the largest step held with p95 under 200 ms and no errors
 * is reported, with the latency percentiles of every step. Bounded: each step
 * lasts a fixed time, the ramp has a fixed ceiling.
 */
import { connect } from "../lib/db/mod.ts";
import { setLogLevel } from "../lib/log.ts";
import { LocalStorage } from "../lib/storage/local.ts";
import { freshDatabase } from "../tests/_harness/db.ts";
import { freePort, startPostgres } from "../tests/_harness/postgres.ts";
import type { BenchOptions, BenchResult } from "./_types.ts";

const SEGMENTS = 6;

export default async function run(options: BenchOptions): Promise<BenchResult> {
  const steps = options.quick ? [25, 100, 200] : [50, 100, 200, 400, 800, 1200, 1600];
  const stepS = options.quick ? 8 : 16;
  const pg = await startPostgres();
  Deno.env.set("TEST_DATABASE_URL", pg.url);
  setLogLevel("warn");
  const db = await freshDatabase();
  const dir = await Deno.makeTempDir({ prefix: "vf-bench-viewers-" });
  const port = freePort();
  const server = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL("../main.ts", import.meta.url).pathname],
    env: {
      DATA_DIR: dir,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: db.url,
      LOG_LEVEL: "error",
    },
    stdout: "null",
    stderr: "inherit",
  }).spawn();
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitFor(`${base}/healthz`);
    const videoId = await seed(db.url, dir);
    const rows: (string | number)[][] = [];
    const data: unknown[] = [];
    let held = 0;
    for (const viewers of steps) {
      const r = await runStep(`${base}/media/${videoId}`, { viewers, seconds: stepS });
      data.push({ viewers, ...r });
      const ok = r.errors === 0 && r.p95 < 200;
      if (ok) held = viewers;
      rows.push([
        viewers,
        r.requests,
        r.p50,
        r.p95,
        r.p99,
        r.max,
        r.errors,
        ok ? "held" : "not held",
      ]);
      if (!ok) break;
    }
    return {
      tables: [{
        title:
          `P4 concurrent viewers (each: master, variant, then an 800 KB segment every 4 s; ${stepS} s a step)`,
        columns: [
          "viewers",
          "requests",
          "p50 ms",
          "p95 ms",
          "p99 ms",
          "max ms",
          "errors",
          "p95 < 200 ms, no errors",
        ],
        rows,
        note:
          `Largest count held: ${held} viewers${
            held === steps.at(-1) ? " (the ramp's ceiling)" : ""
          }. ` +
          "Server and load generator share the same 2 cores; a CDN in front takes segment traffic off the origin.",
      }],
      data,
    };
  } finally {
    server.kill("SIGTERM");
    await server.status;
    await db.drop();
    await pg.stop();
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

async function seed(url: string, dir: string): Promise<string> {
  const sql = connect(url, { max: 1 });
  try {
    const [u] = await sql`insert into users (email, password_hash, display_name)
      values ('bench@example.test', 'x', 'Bench') returning id`;
    const [v] = await sql`insert into videos (owner_id, title, visibility, status, playable_at)
      values (${u.id}, 'Bench', 'public', 'ready', now()) returning id`;
    const storage = await new LocalStorage(`${dir}/objects`, {
      secret: "x".repeat(40),
      publicUrl: "http://x",
    }).init();
    const prefix = `media/${v.id}`;
    await sql`update videos set master_key = ${`${prefix}/master.m3u8`} where id = ${v.id}`;
    await storage.put(
      `${prefix}/master.m3u8`,
      "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1600000\n720p/index.m3u8\n",
    );
    const lines = ["#EXTM3U", "#EXT-X-TARGETDURATION:4", "#EXT-X-PLAYLIST-TYPE:VOD"];
    const seg = crypto.getRandomValues(new Uint8Array(65536));
    const body = new Uint8Array(800 * 1024).map((_, i) => seg[i % seg.length]);
    for (let i = 0; i < SEGMENTS; i++) {
      lines.push("#EXTINF:4.000,", `seg_${i}.m4s`);
      await storage.put(`${prefix}/720p/seg_${i}.m4s`, body);
    }
    await storage.put(`${prefix}/720p/index.m3u8`, [...lines, "#EXT-X-ENDLIST", ""].join("\n"));
    return v.id;
  } finally {
    await sql.end();
  }
}

async function runStep(base: string, options: { viewers: number; seconds: number }) {
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + options.seconds * 1000;
  const get = async (url: string) => {
    const t0 = performance.now();
    try {
      const r = await fetch(url);
      await r.arrayBuffer();
      if (!r.ok) errors++;
    } catch {
      errors++;
    }
    latencies.push(performance.now() - t0);
  };
  const viewer = async (n: number) => {
    // Viewers join spread over the first 4 s, as a crowd would.
    await sleep((n / options.viewers) * 4000);
    await get(`${base}/master.m3u8`);
    await get(`${base}/720p/index.m3u8`);
    for (let i = 0; performance.now() < deadline; i++) {
      const next = performance.now() + 4000;
      await get(`${base}/720p/seg_${(n + i) % SEGMENTS}.m4s`);
      await sleep(Math.max(0, Math.min(next, deadline) - performance.now()));
    }
  };
  await Promise.all(Array.from({ length: options.viewers }, (_, n) => viewer(n)));
  const s = latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    Math.round(s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? 0);
  return {
    requests: s.length,
    p50: pct(50),
    p95: pct(95),
    p99: pct(99),
    max: Math.round(s.at(-1) ?? 0),
    errors,
  };
}

async function waitFor(url: string) {
  for (let i = 0; i < 600; i++) {
    try {
      const r = await fetch(url);
      await r.body?.cancel();
      if (r.ok) return;
    } catch { /* starting */ }
    await sleep(100);
  }
  throw new Error(`${url} never answered`);
}

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}
