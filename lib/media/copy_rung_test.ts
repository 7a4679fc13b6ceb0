import assert from "node:assert/strict";
import { remuxStandsForTop } from "./copy_rung.ts";
import type { MediaPlaylist } from "./hls.ts";
import { planLadder } from "./ladder.ts";
import type { MediaInfo } from "./probe.ts";

const source = (o: { bitRate?: number; channels?: number; height?: number } = {}): MediaInfo => ({
  formatName: "mov,mp4,m4a,3gp,3g2,mj2",
  durationS: 9,
  sizeBytes: 1,
  audio: { codec: "aac", profile: "LC", channels: o.channels ?? 2, sampleRate: 48000 },
  video: {
    codec: "h264",
    profile: "High",
    pixFmt: "yuv420p",
    width: (o.height ?? 1080) * 16 / 9,
    height: o.height ?? 1080,
    sar: [1, 1],
    rotation: 0,
    displayWidth: (o.height ?? 1080) * 16 / 9,
    displayHeight: o.height ?? 1080,
    fps: 30,
    bitRate: o.bitRate ?? 6_000_000,
    packets: 270,
    maxKeyframeGapS: 2,
  },
});
const remux = (durations: number[]): MediaPlaylist => ({
  mapUri: "init_0.mp4",
  segments: durations.map((d, i) => ({ uri: `seg_${i}.m4s`, durationS: d })),
  ended: true,
});

Deno.test("remuxStandsForTop(): a web-safe source that is the top rung, aligned, at a sane bitrate", () => {
  const info = source();
  assert.equal(remuxStandsForTop(info, planLadder(info), remux([4, 4, 1])), true);
  // 2× the 1080p30 nominal 5 Mbit/s is the most a copy may carry.
  const rich = source({ bitRate: 10_500_000 });
  assert.equal(remuxStandsForTop(rich, planLadder(rich), remux([4, 4, 1])), false);
});

Deno.test("remuxStandsForTop(): not when its segments do not line up with the encoded rungs'", () => {
  const info = source();
  assert.equal(remuxStandsForTop(info, planLadder(info), remux([5, 4])), false);
  assert.equal(remuxStandsForTop(info, planLadder(info), remux([4, 3.5, 1.5])), false);
  assert.equal(
    remuxStandsForTop(info, planLadder(info), { ...remux([4, 4]), ended: false }),
    false,
  );
});

Deno.test("remuxStandsForTop(): not for another size, surround audio, or a one-rung ladder", () => {
  // 1440p: the top rung is 1080p, a scaled copy, not the source.
  const odd = source({ height: 1440 });
  assert.equal(remuxStandsForTop(odd, planLadder(odd), remux([4, 1])), false);
  const surround = source({ channels: 6 });
  assert.equal(remuxStandsForTop(surround, planLadder(surround), remux([4, 1])), false);
  const info = source();
  assert.equal(remuxStandsForTop(info, planLadder(info).slice(0, 1), remux([4, 1])), false);
});
