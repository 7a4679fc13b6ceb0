/**
 * P8 live latency and cost (`deno task bench live`): ffmpeg pushes RTMP to the
 * ingest in this process; Chromium watches. Latency = the browser's wall clock
 * minus the playing frame's EXT-X-PROGRAM-DATE-TIME (the time its segment's
 * first frame reached the ingest), sampled every second: on the watch page
 * (the product's low-latency hls.js settings, islands/_player_live.ts) and
 * with hls.js at its default settings. CPU per live stream: the packaging
 * ffmpeg's user + system time per second of stream (/proc), for the ladder of
 * the source size. Browser and ingest share this machine's clock.
 */
import { createApp } from "../app.ts";
import { buildIslands } from "../lib/islands/build.ts";
import { hlsModule } from "../lib/islands/vendor.ts";
import { setLogLevel } from "../lib/log.ts";
import { startIngest } from "../lib/live/ingest.ts";
import { createStream } from "../lib/live/streams.ts";
import { launchBrowser } from "../tests/_harness/browser.ts";
import { startPostgres } from "../tests/_harness/postgres.ts";
import { openTestServices } from "../tests/_harness/services.ts";
import type { BenchOptions, BenchResult } from "./_types.ts";

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
};

/** CPU seconds used so far by this process's packaging ffmpeg children (clock ticks of 10 ms). */
function packagerCpuS(): number {
  let ticks = 0;
  for (const e of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(e.name)) continue;
    try {
      const cmd = Deno.readTextFileSync(`/proc/${e.name}/cmdline`);
      if (!cmd.includes("var_stream_map") || !cmd.includes("pipe:0")) continue;
      const f = Deno.readTextFileSync(`/proc/${e.name}/stat`).split(") ")[1].split(" ");
      if (Number(f[1]) !== Deno.pid) continue;
      ticks += Number(f[11]) + Number(f[12]);
    } catch { /* gone */ }
  }
  return ticks / 100;
}

export default async function run(options: BenchOptions): Promise<BenchResult> {
  const sampleS = options.quick ? 20 : 60;
  const size = options.quick ? { w: 640, h: 360 } : { w: 1280, h: 720 };
  const pg = await startPostgres();
  Deno.env.set("TEST_DATABASE_URL", pg.url);
  setLogLevel("warn");
  const s = await openTestServices({ env: { RTMP_PORT: "0" } });
  const ingest = await startIngest({
    sql: s.db.sql,
    storage: s.storage,
    config: s.config.live,
    ffmpegPath: s.config.ffmpegPath,
  });
  const browser = await launchBrowser();
  const hls = await hlsModule();
  const islands = await buildIslands(new URL("../islands/", import.meta.url), {
    outDir: `${s.dir}/islands`,
  });
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    createApp(s, { islands, hls }).fetch,
  );
  const base = `http://127.0.0.1:${server.addr.port}`;
  let encoder: Deno.ChildProcess | undefined;
  try {
    const [owner] = await s.db.sql<{ id: string }[]>`
      insert into users (email, password_hash, display_name, role)
      values ('bench-live@example.com', 'x', 'Bench', 'creator') returning id`;
    const { stream, key } = await createStream(s.db.sql, owner.id, { title: "Bench live" });
    const durationS = sampleS * 2 + 60;
    encoder = new Deno.Command("ffmpeg", {
      args: [
        ..."-hide_banner -loglevel error -re -f lavfi -i".split(" "),
        `testsrc2=size=${size.w}x${size.h}:rate=30:duration=${durationS}`,
        ..."-f lavfi -i".split(" "),
        `sine=frequency=440:sample_rate=44100:duration=${durationS}`,
        ..."-c:v libx264 -preset veryfast -tune zerolatency -pix_fmt yuv420p -g 60".split(" "),
        ..."-keyint_min 60 -sc_threshold 0 -b:v 2500k -c:a aac -b:a 128k -f flv".split(" "),
        `rtmp://127.0.0.1:${ingest.port}/live/${key}`,
      ],
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).spawn();
    // On air with a few segments.
    const until = Date.now() + 120_000;
    while (Date.now() < until) {
      const [r] = await s.db.sql<{ n: number }[]>`
        select count(*)::int as n from live_segments where video_id = ${stream.videoId}`;
      if (r.n >= 6) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const cpu0 = packagerCpuS();
    const t0 = performance.now();

    // The product's watch page.
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/v/${stream.videoId}`);
    await page.click(".player-big-play");
    await page.waitForFunction(() => document.querySelector("video")!.currentTime > 1);
    const tuned: number[] = [];
    for (let i = 0; i < sampleS; i++) {
      await page.waitForTimeout(1000);
      const ms = await page.evaluate(() =>
        Number(document.querySelector<HTMLElement>(".player")?.dataset.liveLatencyMs)
      );
      if (Number.isFinite(ms)) tuned.push(ms);
    }
    const stalls = await page.evaluate(() => document.querySelector("video")!.paused);
    await page.context().close();

    // hls.js at its defaults, on a bare page of the same origin.
    const bare = await (await browser.newContext()).newPage();
    await bare.goto(`${base}/api/v1/streams/${stream.videoId}/manifest`);
    const master = `${base}/media/${stream.videoId}/live/master.m3u8`;
    await bare.setContent(`<video muted autoplay playsinline></video>`);
    await bare.evaluate(async ({ url, src }) => {
      const Hls = (await import(url)).default;
      const h = new Hls();
      (window as unknown as { h: unknown }).h = h;
      h.loadSource(src);
      h.attachMedia(document.querySelector("video"));
    }, { url: base + hls.url, src: master });
    await bare.waitForFunction(() => document.querySelector("video")!.currentTime > 1, null, {
      timeout: 60_000,
    });
    const defaults: number[] = [];
    for (let i = 0; i < sampleS; i++) {
      await bare.waitForTimeout(1000);
      const ms = await bare.evaluate(() => {
        const h = (window as unknown as { h: { playingDate: Date | null } }).h;
        return h.playingDate ? Date.now() - h.playingDate.getTime() : NaN;
      });
      if (Number.isFinite(ms)) defaults.push(ms);
    }
    await bare.context().close();
    const cpuPerS = (packagerCpuS() - cpu0) / ((performance.now() - t0) / 1000);
    const row = (name: string, xs: number[], goal: string) => [
      name,
      Math.round(percentile(xs, 50)),
      Math.round(percentile(xs, 95)),
      xs.length,
      goal,
    ];
    return {
      tables: [{
        title: `P8 live ingest-to-display latency in Chromium, ${size.w}x${size.h} source, loopback`,
        columns: ["hls.js settings", "median ms", "p95 ms", "samples", "goal / baseline"],
        rows: [
          row("watch page (low-latency tuning)", tuned, "median < 4,000 ms (seed: < 10 s)"),
          row("hls.js defaults", defaults, "Owncast 3–8 s; standard HLS at Mux 25–30 s"),
        ],
        note: `2 s segments (source passed through, lower rungs encoded). Player paused at the end: ${stalls}.`,
      }, {
        title: "P8 CPU per live stream (the packaging ffmpeg: passthrough + lower rungs)",
        columns: ["source", "ladder", "CPU cores used", "note"],
        rows: [[
          `${size.w}x${size.h}@30`,
          size.h >= 720 ? "src + 480p + 360p" : "src + 240p + 144p",
          Number(cpuPerS.toFixed(2)),
          "user + system seconds per second of stream, veryfast",
        ]],
      }],
      data: { tuned, defaults, cpuPerS },
    };
  } finally {
    try {
      encoder?.kill("SIGKILL");
      await encoder?.status;
    } catch { /* gone */ }
    await browser.close();
    await ingest.close();
    await server.shutdown();
    await s.close();
    await pg.stop();
  }
}
