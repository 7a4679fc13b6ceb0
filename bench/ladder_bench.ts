/**
 * Issue 18, P2: the ladder's CPU. One decode (one ffmpeg, the cascade of
 * scales, lib/media/ffmpeg.ts) against five separate ffmpeg processes (one per
 * rung, run in parallel), same preset and rate control; and, for a web-safe
 * source that already is the top rung, its remux standing for that rung
 * (lib/media/copy_rung.ts) with one decode for the rest. CPU-seconds, wall
 * time and SSIM per rung against the source.
 */
import { ladderArgs, remuxArgs } from "../lib/media/ffmpeg.ts";
import { planLadder, type Rung } from "../lib/media/ladder.ts";
import { probeMedia } from "../lib/media/probe.ts";
import { MAX_COPY_BITRATE_FACTOR } from "../lib/media/copy_rung.ts";
import { rungNominalBitrate } from "../lib/media/ladder.ts";
import { cachedSource, ssim, timed } from "./_media.ts";
import type { BenchOptions, BenchResult } from "./_types.ts";

/** Issue 18's goal: one decode ÷ five separate encodes, CPU-seconds. */
const GOAL = 0.6;
/** Measured on main before this work (issue 18, quiet machine): 90 ÷ 111 CPU-s. */
const BASELINE = 0.81;
/** SSIM per rung may not drop by more than this against five separate encodes. */
const SSIM_TOLERANCE = 0.005;

type Method = { name: string; wallS: number; cpuS: number; dir: string; top?: string };

export default async function run(options: BenchOptions): Promise<BenchResult> {
  const dir = await Deno.makeTempDir({ prefix: "vf-bench-ladder-" });
  try {
    const size = options.quick
      ? { width: 1280, height: 720, durationS: 10 }
      : { width: 1920, height: 1080, durationS: 60 };
    const preset = "veryfast";
    const src = await cachedSource(size);
    const info = await probeMedia(src, {
      ffprobePath: "ffprobe",
      limits: { maxDimension: 8192, maxDurationS: 86400, maxFrames: 1e9 },
    });
    const rungs = planLadder(info);
    const common = { preset, sourceFps: info.video.fps, hasAudio: !!info.audio };
    const ladder = (rs: Rung[], out: string) =>
      ladderArgs(src, { ...common, rungs: rs, outDir: out });

    const started = performance.now();
    const separate = await Promise.all(
      rungs.map((r) => timed("ffmpeg", ladder([r], `${dir}/sep`))),
    );
    const methods: Method[] = [{
      name: `${rungs.length} separate processes`,
      wallS: (performance.now() - started) / 1000,
      cpuS: separate.reduce((a, b) => a + b.cpuS, 0),
      dir: `${dir}/sep`,
    }];
    const one = await timed("ffmpeg", ladder(rungs, `${dir}/one`));
    methods.push({ name: "one decode, cascade", ...one, dir: `${dir}/one` });
    // Web-safe and the top rung's size: the remux (stream copy) stands for the top rung.
    const remux = await timed(
      "ffmpeg",
      remuxArgs(src, {
        outDir: `${dir}/copy`,
        name: "source",
        hasAudio: !!info.audio,
      }),
    );
    const rest = await timed("ffmpeg", ladder(rungs.slice(1), `${dir}/copy`));
    methods.push({
      name: "web-safe: remux as top rung + one decode for the rest",
      wallS: remux.wallS + rest.wallS,
      cpuS: remux.cpuS + rest.cpuS,
      dir: `${dir}/copy`,
      top: "source",
    });

    const base = methods[0].cpuS;
    const ssims: (string | number)[][] = [];
    for (const r of rungs) {
      const row: (string | number)[] = [r.name, `${r.width}x${r.height}`];
      for (const m of methods) {
        const name = r === rungs[0] && m.top ? m.top : r.name;
        row.push(await ssim(`${m.dir}/${name}/index.m3u8`, src, r));
      }
      ssims.push(row);
    }
    const worst = methods.map((_, i) =>
      Math.min(...ssims.map((row) => (row[2 + i] as number) - (row[2] as number)))
    );
    const bitrate = info.video.bitRate ?? 0;
    const copyLimit = MAX_COPY_BITRATE_FACTOR * rungNominalBitrate(rungs[0]);
    const label =
      `${size.width}x${size.height} ${size.durationS} s, ${rungs.length} rungs, ${preset}`;
    return {
      tables: [
        {
          title: `P2: ladder CPU (${label})`,
          columns: ["method", "wall s", "CPU s", "÷ separate", "goal", "baseline", "worst ΔSSIM"],
          rows: methods.map((m, i) => [
            m.name,
            m.wallS,
            m.cpuS,
            `${(m.cpuS / base).toFixed(2)}×`,
            i === 0 ? "—" : `≤ ${GOAL}×`,
            i === 0 ? "—" : `${BASELINE}×`,
            i === 0 ? "—" : worst[i].toFixed(4),
          ]),
          note: `${Deno.build.os}, ${navigator.hardwareConcurrency} cores (shared: indicative). ` +
            `ΔSSIM: the worst rung against five separate encodes (goal ≥ −${SSIM_TOLERANCE}). ` +
            `The remux stands for the top rung only for a source of at most ` +
            `${(copyLimit / 1e6).toFixed(1)} Mbit/s with keyframes on every 4 s; this source is ` +
            `${(bitrate / 1e6).toFixed(1)} Mbit/s, so the worker would ${
              bitrate <= copyLimit ? "copy" : "encode"
            } its top rung.`,
        },
        {
          title: "SSIM per rung (against the source scaled to the rung)",
          columns: ["rung", "size", ...methods.map((m) => m.name)],
          rows: ssims,
        },
      ],
      data: { size, preset, methods, ssims, bitrate, copyLimit },
    };
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}
