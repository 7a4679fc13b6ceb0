import assert from "node:assert/strict";
import { ladderArgs } from "./ffmpeg.ts";
import type { Rung } from "./ladder.ts";

const rung = (height: number): Rung =>
  ({
    name: `${height}p`,
    width: Math.round(height * 16 / 9 / 2) * 2,
    height,
    fps: 30,
    videoBitrate: 1_000_000,
    audioBitrate: 128_000,
    level: 40,
  }) as Rung;

const graphOf = (args: string[]) => args[args.indexOf("-filter_complex") + 1].split(";");

Deno.test("ladderArgs() scales the source once, then each rung from the one above it", () => {
  const plan = { intervalS: 1, count: 10, cols: 10, rows: 1, tileWidth: 160, tileHeight: 90 };
  const args = ladderArgs("in.mp4", {
    rungs: [rung(1080), rung(720), rung(480)],
    outDir: "out",
    preset: "veryfast",
    sourceFps: 60,
    hasAudio: true,
    storyboard: { plan, path: "out/storyboard.jpg" },
  });
  assert.deepEqual(graphOf(args), [
    "[0:v]fps=30,scale=1920:1080,setsar=1,format=yuv420p,split=2[v0][c0]",
    "[c0]scale=1280:720,setsar=1,format=yuv420p,split=2[v1][c1]",
    "[c1]scale=854:480,setsar=1,format=yuv420p,split=2[v2][sbin]",
    "[sbin]fps=1/1:round=up,scale=160:90,setsar=1[sb]",
  ]);
  for (const label of ["[v0]", "[v1]", "[v2]", "[sb]"]) assert.ok(args.includes(label), label);
});

Deno.test("ladderArgs() with one rung and no storyboard: one scale, no split", () => {
  const args = ladderArgs("in.mp4", {
    rungs: [rung(720)],
    outDir: "out",
    preset: "veryfast",
    sourceFps: 30,
    hasAudio: false,
  });
  assert.deepEqual(graphOf(args), ["[0:v]scale=1280:720,setsar=1,format=yuv420p[v0]"]);
});
