import assert from "node:assert/strict";
import {
  type LiveSegment,
  parseSegmentList,
  renderLiveMaster,
  renderMediaPlaylist,
} from "./playlist.ts";

const at = Date.UTC(2026, 10, 22, 12, 0, 0);
function segments(runs: number[]): LiveSegment[] {
  return runs.map((run, i) => ({
    seq: i + 1,
    run,
    durationMs: 2000,
    pdt: new Date(at + i * 2000),
    name: `r${run}_${i + 1}.ts`,
  }));
}

Deno.test("a window shows the newest segments, each with its program date time", () => {
  const text = renderMediaPlaylist(segments([1, 1, 1, 1, 1]), { window: 3 });
  assert.match(text, /#EXT-X-MEDIA-SEQUENCE:3\n/);
  assert.match(text, /#EXT-X-DISCONTINUITY-SEQUENCE:0\n/);
  assert.equal(text.match(/#EXTINF:2\.000,/g)?.length, 3);
  assert.match(
    text,
    /#EXT-X-PROGRAM-DATE-TIME:2026-11-22T12:00:04\.000Z\n#EXTINF:2\.000,\nr1_3\.ts\n/,
  );
  assert.doesNotMatch(text, /ENDLIST|PLAYLIST-TYPE/);
});

Deno.test("a new run starts after a discontinuity; ones that slid out are counted", () => {
  const all = segments([1, 1, 2, 2, 3, 3]);
  const full = renderMediaPlaylist(all);
  assert.equal(full.match(/#EXT-X-DISCONTINUITY\n/g)?.length, 2);
  assert.match(full, /#EXT-X-PLAYLIST-TYPE:EVENT/);
  // Window of 3: segments 4 (run 2), 5, 6 (run 3). The 1→2 tag slid out; the 2→3 one is shown.
  const window = renderMediaPlaylist(all, { window: 3 });
  assert.match(window, /#EXT-X-DISCONTINUITY-SEQUENCE:1\n/);
  assert.equal(window.match(/#EXT-X-DISCONTINUITY\n/g)?.length, 1);
  // Window of 4 starting on the first segment of run 2: its tag is still shown, none slid out.
  const edge = renderMediaPlaylist(all, { window: 4 });
  assert.match(edge, /#EXT-X-DISCONTINUITY-SEQUENCE:0\n/);
  assert.match(edge, /#EXT-X-INDEPENDENT-SEGMENTS\n#EXT-X-DISCONTINUITY\n/);
});

Deno.test("an ended stream's list is a replay", () => {
  const text = renderMediaPlaylist(segments([1, 1]), { ended: true });
  assert.match(text, /#EXT-X-PLAYLIST-TYPE:VOD/);
  assert.ok(text.endsWith("#EXT-X-ENDLIST\n"));
});

Deno.test("the target duration covers the longest segment shown", () => {
  const s = segments([1, 1]);
  s[1].durationMs = 2400;
  assert.match(renderMediaPlaylist(s), /#EXT-X-TARGETDURATION:3\n/);
});

Deno.test("the master lists rungs highest first; ffmpeg's lists are read back", () => {
  const master = renderLiveMaster([
    { name: "144p", width: 256, height: 144, bandwidth: 500_000 },
    { name: "src", width: 1280, height: 720, bandwidth: 4_000_000 },
  ], { audio: true });
  assert.ok(master.indexOf("src/index.m3u8") < master.indexOf("144p/index.m3u8"));
  assert.deepEqual(
    parseSegmentList("#EXTM3U\n#EXTINF:2.000000,\ns_00000.ts\n#EXTINF:1.98,\ns_00001.ts\n"),
    [{ name: "s_00000.ts", durationMs: 2000 }, { name: "s_00001.ts", durationMs: 1980 }],
  );
});
