import assert from "node:assert/strict";
import { ffprobe, inTempDir, makeClip } from "../../tests/_harness/clips.ts";
import { ladderArgs, planStoryboard, storyboardSpriteArgs } from "./ffmpeg.ts";
import type { Rung } from "./ladder.ts";
import { runFfmpeg } from "./run.ts";

const rung = (name: string, width: number, height: number): Rung => ({
  name,
  width,
  height,
  fps: 25,
  videoBitrate: 300_000,
  audioBitrate: 64_000,
  level: 30,
  codecs: "avc1.64001e,mp4a.40.2",
});

Deno.test("the ladder with its storyboard reports progress while it runs, then the sprite is joined", async () => {
  await inTempDir(async (dir) => {
    const src = await makeClip(`${dir}/src.mp4`, { durationS: 3 });
    const plan = planStoryboard(3, { width: 320, height: 180 });
    const sprite = `${dir}/out/storyboard.jpg`;
    await Deno.mkdir(`${dir}/out`);
    const args = ladderArgs(src, {
      rungs: [rung("180p", 320, 180), rung("120p", 214, 120)],
      outDir: `${dir}/out`,
      preset: "ultrafast",
      sourceFps: 25,
      hasAudio: true,
      storyboard: { plan, path: sprite },
    });
    // -re reads the input at its own pace (3 s), so ffmpeg has time to report along the way.
    // Before the fix a storyboard `tile` output started only at the end, and ffmpeg prints no
    // progress until every output has started: one report, at 100 %.
    args.splice(args.indexOf("-i"), 0, "-re");
    const fractions: number[] = [];
    await runFfmpeg(args, {
      ffmpegPath: "ffmpeg",
      durationS: 3,
      onProgress: (f) => fractions.push(f),
    });
    assert.ok(
      fractions.some((f) => f > 0.05 && f < 0.9),
      `progress along the way: ${fractions.join(", ")}`,
    );
    for (let i = 1; i < fractions.length; i++) assert.ok(fractions[i] >= fractions[i - 1]);

    await runFfmpeg(storyboardSpriteArgs(sprite, plan), { ffmpegPath: "ffmpeg" });
    const [stream] = (await ffprobe(sprite, ["-show_streams"])).streams;
    assert.equal(stream.width, plan.cols * plan.tileWidth);
    assert.equal(stream.height, plan.rows * plan.tileHeight);
  });
});
