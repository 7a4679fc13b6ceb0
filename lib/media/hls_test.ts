import assert from "node:assert/strict";
import {
  asVod,
  masterPlaylist,
  parseMediaPlaylist,
  storyboardVtt,
  withTargetDuration,
} from "./hls.ts";

Deno.test("masterPlaylist() lists the lowest variant first with every attribute", () => {
  const text = masterPlaylist([
    {
      uri: "720p/index.m3u8",
      bandwidth: 3_000_000,
      averageBandwidth: 2_000_000,
      width: 1280,
      height: 720,
      fps: 30,
      codecs: "avc1.64001f,mp4a.40.2",
    },
    {
      uri: "240p/index.m3u8",
      bandwidth: 500_000,
      averageBandwidth: 400_000,
      width: 426,
      height: 240,
      codecs: "avc1.64001e",
    },
  ]);
  assert.equal(
    text,
    [
      "#EXTM3U",
      "#EXT-X-VERSION:7",
      "#EXT-X-INDEPENDENT-SEGMENTS",
      "#EXT-X-START:TIME-OFFSET=0",
      '#EXT-X-STREAM-INF:BANDWIDTH=500000,AVERAGE-BANDWIDTH=400000,RESOLUTION=426x240,CODECS="avc1.64001e"',
      "240p/index.m3u8",
      '#EXT-X-STREAM-INF:BANDWIDTH=3000000,AVERAGE-BANDWIDTH=2000000,RESOLUTION=1280x720,FRAME-RATE=30.000,CODECS="avc1.64001f,mp4a.40.2"',
      "720p/index.m3u8",
      "",
    ].join("\n"),
  );
});

Deno.test("parseMediaPlaylist() reads the init segment and complete segments; asVod() finalises", () => {
  const text = [
    "#EXTM3U",
    "#EXT-X-PLAYLIST-TYPE:EVENT",
    '#EXT-X-MAP:URI="init_0.mp4"',
    "#EXTINF:4.000000,",
    "seg_00000.m4s",
    "#EXTINF:1.5,",
    "seg_00001.m4s",
  ].join("\n");
  assert.deepEqual(parseMediaPlaylist(text), {
    mapUri: "init_0.mp4",
    segments: [{ uri: "seg_00000.m4s", durationS: 4 }, { uri: "seg_00001.m4s", durationS: 1.5 }],
    ended: false,
  });
  assert.match(asVod(text), /#EXT-X-PLAYLIST-TYPE:VOD/);
});

Deno.test("storyboardVtt() maps each interval to its tile", () => {
  const vtt = storyboardVtt(
    { intervalS: 2, count: 3, cols: 2, tileWidth: 160, tileHeight: 90 },
    { spriteUri: "storyboard.jpg", durationS: 5 },
  );
  assert.equal(
    vtt,
    "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nstoryboard.jpg#xywh=0,0,160,90\n\n" +
      "00:00:02.000 --> 00:00:04.000\nstoryboard.jpg#xywh=160,0,160,90\n\n" +
      "00:00:04.000 --> 00:00:05.000\nstoryboard.jpg#xywh=0,90,160,90\n",
  );
});

Deno.test("withTargetDuration() raises a growing playlist's target duration, never lowers it", () => {
  const text = "#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1.000000,\nseg_00000.m4s\n";
  assert.match(withTargetDuration(text, 4), /^#EXT-X-TARGETDURATION:4$/m);
  assert.match(withTargetDuration(text.replace(":1\n", ":6\n"), 4), /^#EXT-X-TARGETDURATION:6$/m);
});
