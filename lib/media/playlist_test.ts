import assert from "node:assert/strict";
import { addQueryToPlaylist, isEndedPlaylist } from "./playlist.ts";

Deno.test("addQueryToPlaylist() adds the token to variant URIs in a master playlist", () => {
  const master = [
    "#EXTM3U",
    "#EXT-X-VERSION:7",
    '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",URI="subs/en.m3u8"',
    '#EXT-X-STREAM-INF:BANDWIDTH=400000,RESOLUTION=426x240,CODECS="avc1.42c015,mp4a.40.2"',
    "240p/index.m3u8",
    "#EXT-X-STREAM-INF:BANDWIDTH=2500000,RESOLUTION=1280x720",
    "720p/index.m3u8?v=2",
    "",
  ].join("\n");
  const out = addQueryToPlaylist(master, { token: "1.u.s" });
  assert.equal(
    out,
    [
      "#EXTM3U",
      "#EXT-X-VERSION:7",
      '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",URI="subs/en.m3u8?token=1.u.s"',
      '#EXT-X-STREAM-INF:BANDWIDTH=400000,RESOLUTION=426x240,CODECS="avc1.42c015,mp4a.40.2"',
      "240p/index.m3u8?token=1.u.s",
      "#EXT-X-STREAM-INF:BANDWIDTH=2500000,RESOLUTION=1280x720",
      "720p/index.m3u8?v=2&token=1.u.s",
      "",
    ].join("\n"),
  );
});

Deno.test("addQueryToPlaylist() covers init segments and media segments but not absolute URLs", () => {
  const media = [
    "#EXTM3U",
    "#EXT-X-TARGETDURATION:4",
    '#EXT-X-MAP:URI="init_0.mp4"',
    "#EXTINF:4.000,",
    "seg_00000.m4s",
    "#EXTINF:4.000,",
    "https://cdn.example.com/other.m4s",
    "#EXT-X-ENDLIST",
  ].join("\n");
  const out = addQueryToPlaylist(media, { token: "t" });
  assert.match(out, /URI="init_0.mp4\?token=t"/);
  assert.match(out, /^seg_00000.m4s\?token=t$/m);
  assert.match(out, /^https:\/\/cdn.example.com\/other.m4s$/m);
  assert.ok(isEndedPlaylist(out));
  assert.equal(isEndedPlaylist("#EXTM3U\n#EXT-X-PLAYLIST-TYPE:EVENT\nseg.m4s\n"), false);
});
