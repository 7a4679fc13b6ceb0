/**
 * P8 live latency and cost (`deno task bench live`): ffmpeg pushes RTMP to the
 * ingest in this process; Chromium watches. Latency = the browser's wall clock
 * minus the playing frame's EXT-X-PROGRAM-DATE-TIME (the time its segment's
 * first frame reached the ingest), sampled every second: on the watch page
 * (the product's live hls.js settings, islands/_player_live.ts) and with
 * hls.js at its default settings, for the default packaging (source passed
 * through, 2 s segments) and LIVE_LOW_LATENCY (every rung encoded, 1 s). CPU per live stream: the packaging
 * ffmpeg's user + system time per second of stream (/proc), for the ladder of
 * the source size. Browser and ingest share this machine's clock.
 */
import { createApp } from "../app.ts";
import { buildIslands } from "../lib/islands/build.ts";
import { hlsModule } from "../lib/islands/vendor.ts";
import { setLogLevel } from "../lib/log.ts";
import { startIngest } from "../lib/live/ingest.ts";
import { createStream } from "../lib/live/streams.ts";
import { endStream } from "../lib/live/session.ts";
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
  const [owner] = await s.db.sql<{ id: string }[]>`
    insert into users (email, password_hash, display_name, role)
    values ('bench-live@example.com', 'x', 'Bench', 'creator') returning id`;

  /** Samples `Date.now() - playingDate` once a second on `page` (`read` gives it). */
  const sample = async (read: () => Promise<number>) => {
    const out: number[] = [];
    for (let i = 0; i < sampleS; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      const ms = await read();
      if (Number.isFinite(ms)) out.push(ms);
    }
    return out;
  };

  const phase = async (lowLatency: boolean) => {
    const ingest = await startIngest({
      sql: s.db.sql,
      storage: s.storage,
      config: { ...s.config.live, lowLatency },
      ffmpegPath: s.config.ffmpegPath,
    });
    const { stream, key } = await createStream(s.db.sql, owner.id, { title: "Bench live" });
    const durationS = sampleS * 2 + 90;
    const encoder = new Deno.Command("ffmpeg", {
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
    try {
      const until = Date.now() + 120_000;
      while (Date.now() < until) {
        const [r] = await s.db.sql<{ n: number }[]>`
          select count(*)::int as n from live_segments where video_id = ${stream.videoId}`;
        if (r.n >= 9) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      const cpu0 = packagerCpuS();
      const t0 = performance.now();
      const page = await (await browser.newContext()).newPage();
      await page.goto(`${base}/v/${stream.videoId}`);
      await page.click(".player-big-play");
      await page.waitForFunction(() => document.querySelector("video")!.currentTime > 1);
      const tuned = await sample(() =>
        page.evaluate(() =>
          Number(document.querySelector<HTMLElement>(".player")?.dataset.liveLatencyMs)
        )
      );
      await page.context().close();
      let defaults: number[] = [];
      if (!lowLatency) {
        const bare = await (await browser.newContext()).newPage();
        await bare.goto(`${base}/api/v1/streams/${stream.videoId}/manifest`);
        await bare.setContent(`<video muted autoplay playsinline></video>`);
        await bare.evaluate(async ({ url, src }) => {
          const Hls = (await import(url)).default;
          const h = new Hls();
          (window as unknown as { h: unknown }).h = h;
          h.loadSource(src);
          h.attachMedia(document.querySelector("video"));
        }, { url: base + hls.url, src: `${base}/media/${stream.videoId}/live/master.m3u8` });
        await bare.waitForFunction(() => document.querySelector("video")!.currentTime > 1, null, {
          timeout: 60_000,
        });
        defaults = await sample(() =>
          bare.evaluate(() => {
            const h = (window as unknown as { h: { playingDate: Date | null } }).h;
            return h.playingDate ? Date.now() - h.playingDate.getTime() : NaN;
          })
        );
        await bare.context().close();
      }
      const cpuPerS = (packagerCpuS() - cpu0) / ((performance.now() - t0) / 1000);
      return { tuned, defaults, cpuPerS };
    } finally {
      try {
        encoder.kill("SIGKILL");
      } catch { /* gone */ }
      await encoder.status;
      await ingest.close();
      // One stream on air per creator (LIVE_MAX_CONCURRENT): end it before the next phase.
      await endStream(s.db.sql, stream.videoId, { reason: "Benchmark over." });
    }
  };

  try {
    const normal = await phase(false);
    const low = await phase(true);
    const row = (name: string, xs: number[], goal: string) => [
      name,
      Math.round(percentile(xs, 50)),
      Math.round(percentile(xs, 95)),
      xs.length,
      goal,
    ];
    const lower = size.h >= 720 ? "480p + 360p" : "240p + 144p";
    return {
      tables: [{
        title:
          `P8 live ingest-to-display latency in Chromium, ${size.w}x${size.h} source, loopback`,
        columns: ["packaging / player", "median ms", "p95 ms", "samples", "goal / baseline"],
        rows: [
          row("default (passthrough, 2 s) / watch page", normal.tuned, "median < 4,000 ms"),
          row("default (passthrough, 2 s) / hls.js defaults", normal.defaults, "Owncast 3–8 s"),
          row("LIVE_LOW_LATENCY (encoded, 1 s) / watch page", low.tuned, "median < 4,000 ms"),
        ],
        note: "Seed: < 10 s; standard HLS at Mux 25–30 s. Loaded machine: indicative only.",
      }, {
        title: "P8 CPU per live stream (the packaging ffmpeg)",
        columns: ["source", "ladder", "CPU cores used", "note"],
        rows: [
          [
            `${size.w}x${size.h}@30`,
            `src copied + ${lower}`,
            Number(normal.cpuPerS.toFixed(2)),
            "default",
          ],
          [
            `${size.w}x${size.h}@30`,
            `src + ${lower} encoded`,
            Number(low.cpuPerS.toFixed(2)),
            "LIVE_LOW_LATENCY",
          ],
        ],
        note: "User + system CPU seconds per second of stream (/proc), x264 veryfast.",
      }],
      data: { normal, low },
    };
  } finally {
    await browser.close();
    await server.shutdown();
    await s.close();
    await pg.stop();
  }
}
