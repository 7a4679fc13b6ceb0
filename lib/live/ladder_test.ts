import assert from "node:assert/strict";
import { liveFfmpegArgs, liveLadder } from "./ladder.ts";

Deno.test("a web-safe source passes through, with at most two lower rungs and no upscale", () => {
  const hd = liveLadder({ width: 1920, height: 1080, webSafe: true, audio: true });
  assert.deepEqual(hd.map((r) => [r.name, r.height, r.copy]), [
    ["src", 1080, true],
    ["720p", 720, false],
    ["480p", 480, false],
  ]);
  const tiny = liveLadder({ width: 320, height: 180, webSafe: true, audio: true });
  assert.deepEqual(tiny.map((r) => [r.name, r.width, r.height]), [["src", 320, 180], [
    "144p",
    256,
    144,
  ]]);
});

Deno.test("a source browsers cannot decode, or over 1080p, is encoded at most at 1080p", () => {
  const odd = liveLadder({ width: 1280, height: 720, webSafe: false, audio: true });
  assert.equal(odd[0].copy, false);
  const uhd = liveLadder({ width: 3840, height: 2160, webSafe: true, audio: true });
  assert.deepEqual([uhd[0].height, uhd[0].copy], [1080, false]);
});

Deno.test("ffmpeg copies the source rung and encodes the others with 2 s keyframes", () => {
  const rungs = liveLadder({ width: 640, height: 360, webSafe: true, audio: true });
  const args = liveFfmpegArgs(rungs, { dir: "/tmp/x", audio: true }).join(" ");
  assert.match(args, /-c:v:0 copy/);
  assert.match(args, /-c:v:1 libx264/);
  assert.match(args, /expr:gte\(t,n_forced\*2\)/);
  assert.match(args, /-var_stream_map v:0,a:0,name:src v:1,a:1,name:240p v:2,a:2,name:144p/);
  assert.match(args, /-hls_time 2 /);
});
