/**
 * The ladder from one decode (one ffmpeg, split filter) against five separate
 * ffmpeg processes (one per rung, run in parallel), same preset and rate
 * control; CPU-seconds, wall time and SSIM per rung against the source.
 */
import { ladderArgs } from "../lib/media/ffmpeg.ts";
import { planLadder } from "../lib/media/ladder.ts";
import { probeMedia } from "../lib/media/probe.ts";
import { makeSource, ssim, timed } from "./_media.ts";
import type { BenchOptions, BenchResult } from "./_types.ts";

export default async function run(options: BenchOptions): Promise<BenchResult> {
  const dir = await Deno.makeTempDir({ prefix: "vf-bench-ladder-" });
  try {
    const size = options.quick ? { width: 1280, height: 720, durationS: 10 } : {
      width: 1920,
      height: 1080,
      durationS: 60,
    };
    const preset = "veryfast";
    const src = await makeSource(`${dir}/src.mp4`, size);
    const info = await probeMedia(src, {
      ffprobePath: "ffprobe",
      limits: { maxDimension: 8192, maxDurationS: 86400, maxFrames: 1e9 },
    });
    const rungs = planLadder(info);
    const common = { preset, sourceFps: info.video.fps, hasAudio: !!info.audio };

    const one = await timed("ffmpeg", ladderArgs(src, { ...common, rungs, outDir: `${dir}/one` }));
    const started = performance.now();
    const separate = await Promise.all(
      rungs.map((r) =>
        timed("ffmpeg", ladderArgs(src, { ...common, rungs: [r], outDir: `${dir}/sep` }))
      ),
    );
    const separateWall = (performance.now() - started) / 1000;
    const separateCpu = separate.reduce((a, b) => a + b.cpuS, 0);

    const perRung = [];
    for (const r of rungs) {
      const a = await ssim(`${dir}/one/${r.name}/index.m3u8`, src, r);
      const b = await ssim(`${dir}/sep/${r.name}/index.m3u8`, src, r);
      perRung.push({ rung: r.name, size: `${r.width}x${r.height}`, oneDecode: a, separate: b });
    }
    const label =
      `${size.width}x${size.height} ${size.durationS} s, ${rungs.length} rungs, ${preset}`;
    return {
      tables: [
        {
          title: `Ladder encode (${label})`,
          columns: ["method", "wall s", "CPU s", "CPU vs separate"],
          rows: [
            [
              "one decode + split",
              one.wallS,
              one.cpuS,
              `${(one.cpuS / separateCpu * 100).toFixed(0)} %`,
            ],
            [`${rungs.length} separate processes`, separateWall, separateCpu, "100 %"],
          ],
          note: `${Deno.build.os}, ${navigator.hardwareConcurrency} cores`,
        },
        {
          title: "SSIM per rung (against the source scaled to the rung)",
          columns: ["rung", "size", "one decode", "separate"],
          rows: perRung.map((p) => [p.rung, p.size, p.oneDecode, p.separate]),
        },
      ],
      data: { size, preset, one, separate, separateWall, separateCpu, perRung },
    };
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}
