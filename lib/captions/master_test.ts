import assert from "node:assert/strict";
import { masterEtag, masterWithCaptions } from "./master.ts";

const MASTER = "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n" +
  '#EXT-X-STREAM-INF:BANDWIDTH=1,RESOLUTION=426x240,CODECS="avc1.64001e"\n240p/index.m3u8\n' +
  '#EXT-X-STREAM-INF:BANDWIDTH=2,RESOLUTION=1280x720,CODECS="avc1.64001f"\n720p/index.m3u8\n';

Deno.test("the master lists caption tracks as a SUBTITLES group every variant refers to", () => {
  const out = masterWithCaptions(MASTER, [
    { lang: "en", label: "English", version: "aaa" },
    { lang: "en-GB", label: "English", version: "bbb" },
  ]);
  const lines = out.split("\n");
  assert.deepEqual(lines.slice(3, 5), [
    '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",LANGUAGE="en",DEFAULT=NO,' +
    'AUTOSELECT=YES,FORCED=NO,URI="captions/en/aaa.m3u8"',
    '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English (en-GB)",LANGUAGE="en-GB",' +
    'DEFAULT=NO,AUTOSELECT=YES,FORCED=NO,URI="captions/en-GB/bbb.m3u8"',
  ]);
  assert.equal(out.match(/,SUBTITLES="subs"$/gm)?.length, 2);
  assert.equal(masterWithCaptions(MASTER, []), MASTER);
});

Deno.test("the served master's ETag changes with the caption list", () => {
  const a = masterEtag('"abc"', [{ lang: "en", label: "English", version: "1" }]);
  const b = masterEtag('"abc"', [{ lang: "en", label: "English", version: "2" }]);
  assert.notEqual(a, b);
  assert.equal(masterEtag('"abc"', []), '"abc"');
  assert.match(a, /^"abc-c[0-9a-f]+"$/);
});
