import assert from "node:assert/strict";
import { makeClip } from "../../tests/_harness/clips.ts";
import { capFps, h264Level, planLadder } from "./ladder.ts";
import { probeMedia } from "./probe.ts";

const limits = { maxDimension: 8192, maxDurationS: 3600, maxFrames: 1_000_000 };

async function plan(options: Parameters<typeof makeClip>[1]) {
  const dir = await Deno.makeTempDir({ prefix: "vf-ladder-" });
  try {
    const path = await makeClip(`${dir}/c.mp4`, { durationS: 1, audio: false, ...options });
    const info = await probeMedia(path, { ffprobePath: "ffprobe", limits });
    return { info, rungs: planLadder(info) };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const sizes = (rungs: { name: string; width: number; height: number }[]) =>
  rungs.map((r) => `${r.name} ${r.width}x${r.height}`);

Deno.test("planLadder() for a 720p source stops at 720p and keeps 16:9", async () => {
  const { rungs } = await plan({ width: 1280, height: 720 });
  assert.deepEqual(sizes(rungs), [
    "720p 1280x720",
    "480p 854x480",
    "360p 640x360",
    "240p 426x240",
  ]);
});

Deno.test("planLadder() for a portrait source scales by the short side", async () => {
  const { rungs } = await plan({ width: 360, height: 640 });
  assert.deepEqual(sizes(rungs), ["360p 360x640", "240p 240x426"]);
});

Deno.test("planLadder() for a 4:3 source keeps 4:3", async () => {
  const { rungs } = await plan({ width: 640, height: 480 });
  assert.deepEqual(sizes(rungs), ["480p 640x480", "360p 480x360", "240p 320x240"]);
});

Deno.test("planLadder() for an odd-sized source gives even sizes and never upscales", async () => {
  // 4:4:4 keeps odd sizes (4:2:0 would need even ones).
  const odd = { pixFmt: "yuv444p", crop: "401:251" };
  const { info, rungs } = await plan({ width: 402, height: 252, ...odd });
  assert.deepEqual([info.video.width, info.video.height], [401, 251]);
  assert.deepEqual(sizes(rungs), ["240p 384x240"]);
  const tiny = await plan({ width: 176, height: 100, pixFmt: "yuv444p", crop: "175:99" });
  assert.deepEqual(sizes(tiny.rungs), ["98p 174x98"]);
  for (const r of [...rungs, ...tiny.rungs]) assert.equal(r.width % 2 + r.height % 2, 0);
});

Deno.test("planLadder() honours rotation metadata (a sideways phone clip becomes portrait)", async () => {
  const { info, rungs } = await plan({ width: 640, height: 360, rotate: 90 });
  assert.ok([90, 270].includes(info.video.rotation));
  assert.deepEqual([info.video.displayWidth, info.video.displayHeight], [360, 640]);
  assert.deepEqual(sizes(rungs), ["360p 360x640", "240p 240x426"]);
});

Deno.test("planLadder() honours non-square pixels", async () => {
  const { info, rungs } = await plan({ width: 480, height: 360, sar: "4/3" });
  assert.deepEqual([info.video.displayWidth, info.video.displayHeight], [640, 360]);
  assert.deepEqual(sizes(rungs), ["360p 640x360", "240p 426x240"]);
});

Deno.test("planLadder() caps each rung's bitrate relative to the source", async () => {
  const { info, rungs } = await plan({ width: 1280, height: 720 });
  const cheap = planLadder({ ...info, video: { ...info.video, bitRate: 400_000 } });
  assert.ok(rungs[0].videoBitrate <= 2_800_000);
  assert.ok(cheap[0].videoBitrate <= 400_000 * 1.25);
  assert.ok(cheap.every((r, i) => i === 0 || r.videoBitrate <= cheap[i - 1].videoBitrate));
});

Deno.test("capFps() keeps at most 60 fps by whole divisors; h264Level() fits the rung", () => {
  assert.deepEqual([capFps(30), capFps(60), capFps(120), capFps(100), capFps(239.76)], [
    30,
    60,
    60,
    50,
    59.94,
  ]);
  assert.equal(h264Level(1920, 1080, 30), 40);
  assert.equal(h264Level(1920, 1080, 60), 42);
  assert.equal(h264Level(854, 480, 30), 31);
  assert.equal(h264Level(426, 240, 30), 30);
});
