import assert from "node:assert/strict";
import { chapterAt, parseChapters, parseTimestamp } from "./chapters.ts";

Deno.test("timestamps: m:ss, mm:ss, h:mm:ss; out-of-range fields refused", () => {
  assert.equal(parseTimestamp("0:00"), 0);
  assert.equal(parseTimestamp("1:05"), 65);
  assert.equal(parseTimestamp("12:30"), 750);
  assert.equal(parseTimestamp("1:02:03"), 3723);
  assert.equal(parseTimestamp("0:60"), undefined);
  assert.equal(parseTimestamp("1:60:00"), undefined);
});

Deno.test("a description with chapters, in the ways people write them", () => {
  const text = [
    "My trip to the sea.",
    "",
    "0:00 Intro",
    "(0:15) The beach – morning",
    "1:02 - Lunch",
    "[1:02:03] Sunset",
    "Thanks for watching! Music at 3:00 by someone.",
  ].join("\n");
  assert.deepEqual(parseChapters(text), [
    { startS: 0, title: "Intro" },
    { startS: 15, title: "The beach – morning" },
    { startS: 62, title: "Lunch" },
    { startS: 3723, title: "Sunset" },
  ]);
});

Deno.test("YouTube's rules: first at 0:00, at least three, each at least 10 s, increasing", () => {
  assert.deepEqual(parseChapters("0:05 A\n0:20 B\n0:40 C"), [], "the first is not at 0:00");
  assert.deepEqual(parseChapters("0:00 A\n0:20 B"), [], "only two");
  assert.deepEqual(parseChapters("0:00 A\n0:05 B\n0:40 C"), [], "one shorter than 10 s");
  assert.deepEqual(parseChapters("0:00 A\n0:40 B\n0:20 C"), [], "not increasing");
  assert.deepEqual(parseChapters("0:00\n0:20 B\n0:40 C"), [], "a timestamp without a title");
  assert.equal(parseChapters("0:00 A\r\n0:20 B\r\n0:40 C").length, 3, "Windows line ends");
});

Deno.test("with the duration: the last chapter needs 10 s before the end", () => {
  const text = "0:00 A\n0:20 B\n0:40 C";
  assert.equal(parseChapters(text, 60).length, 3);
  assert.deepEqual(parseChapters(text, 45), []);
});

Deno.test("titles are bounded and hostile text stays text", () => {
  const long = "x".repeat(500);
  const chapters = parseChapters(`0:00 ${long}\n0:20 <script>alert(1)</script>\n0:40 C`);
  assert.equal(chapters[0].title.length, 100);
  assert.equal(chapters[1].title, "<script>alert(1)</script>");
  const at = (i: number) => `${Math.floor(i / 60)}:${String(i % 60).padStart(2, "0")}:00`;
  const many = Array.from({ length: 101 }, (_, i) => `${at(i)} C${i}`).join("\n");
  assert.equal(parseChapters(many.split("\n").slice(0, 100).join("\n")).length, 100);
  assert.deepEqual(parseChapters(many), [], "more than 100 is not a chapter list");
});

Deno.test("chapterAt picks the chapter playing", () => {
  const c = parseChapters("0:00 A\n0:20 B\n0:40 C");
  assert.equal(chapterAt(c, 0)?.title, "A");
  assert.equal(chapterAt(c, 19.9)?.title, "A");
  assert.equal(chapterAt(c, 20)?.title, "B");
  assert.equal(chapterAt(c, 999)?.title, "C");
  assert.equal(chapterAt([], 5), undefined);
});
