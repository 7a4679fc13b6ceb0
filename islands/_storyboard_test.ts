import assert from "node:assert/strict";
import { parseStoryboard, tileAt } from "./_storyboard.ts";

Deno.test("parseStoryboard() reads cues with sprite coordinates", () => {
  const vtt = "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nstoryboard.jpg#xywh=0,0,160,90\n\n" +
    "00:00:02.000 --> 00:01:04.500\nstoryboard.jpg#xywh=160,0,160,90\n";
  const tiles = parseStoryboard(vtt, "https://v.example/media/abc/storyboard.vtt?token=t");
  assert.equal(tiles.length, 2);
  assert.deepEqual(tiles[1], {
    start: 2,
    end: 64.5,
    url: "https://v.example/media/abc/storyboard.jpg",
    x: 160,
    y: 0,
    w: 160,
    h: 90,
  });
  assert.equal(tileAt(tiles, 1.5)?.x, 0);
  assert.equal(tileAt(tiles, 3)?.x, 160);
  assert.equal(tileAt(tiles, 999)?.x, 160);
  assert.equal(tileAt([], 1), undefined);
});
