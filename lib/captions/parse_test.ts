import assert from "node:assert/strict";
import { LimitError, ValidationError } from "../errors.ts";
import { captionLabel, captionLanguage } from "./fields.ts";
import { decodeCaptionBytes, MAX_CUES, parseCaptions, toWebVtt, vttTimestamp } from "./parse.ts";

const enc = (s: string) => new TextEncoder().encode(s);

function lineOf(fn: () => unknown): number {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ValidationError, String(err));
    return (err.details as { line: number }).line;
  }
  throw new Error("no error");
}

Deno.test("WebVTT: header, notes, styles, identifiers and settings; stored as our own WebVTT", () => {
  const text = [
    "\uFEFFWEBVTT - a film",
    "Kind: captions",
    "",
    "STYLE",
    "::cue { color: red }",
    "",
    "NOTE a remark",
    "",
    "intro",
    "00:01.000 --> 00:04.500 align:start line:10%",
    "Hello <b>there</b>",
    "",
    "01:00:02.250 --> 01:00:03.000",
    "Two",
    "lines",
    "",
  ].join("\r\n");
  const { format, cues } = parseCaptions(text);
  assert.equal(format, "vtt");
  assert.deepEqual(cues.map((c) => [c.start, c.end, c.settings, c.text]), [
    [1, 4.5, "align:start line:10%", "Hello <b>there</b>"],
    [3602.25, 3603, "", "Two\nlines"],
  ]);
  assert.equal(
    toWebVtt(cues),
    "WEBVTT\n\n00:00:01.000 --> 00:00:04.500 align:start line:10%\nHello <b>there</b>\n\n" +
      "01:00:02.250 --> 01:00:03.000\nTwo\nlines\n",
  );
});

Deno.test("SRT becomes WebVTT: commas, escapes, b/i/u kept, other tags dropped", () => {
  const srt =
    "1\n00:00:01,000 --> 00:00:02,000\n<i>Hi</i> & <font color=red>bye</font> {\\an8}a<b\n\n" +
    "2\n00:00:02,500 --> 00:00:03,000\nx\n";
  const { format, cues } = parseCaptions(srt);
  assert.equal(format, "srt");
  assert.equal(cues[0].text, "<i>Hi</i> &amp; bye a&lt;b");
  assert.match(toWebVtt(cues), /^WEBVTT\n\n00:00:01\.000 --> 00:00:02\.000\n/);
});

Deno.test("a bad file is refused with the line of the problem", () => {
  assert.equal(lineOf(() => parseCaptions("WEBVTTX\n\n00:01.000 --> 00:02.000\nx")), 1);
  assert.equal(
    lineOf(() =>
      parseCaptions("WEBVTT\n\n00:01.000 --> 00:02.000\nok\n\n00:61.000 --> 00:62.000\nx")
    ),
    6,
  );
  assert.equal(lineOf(() => parseCaptions("WEBVTT\n\n00:03.000 --> 00:02.000\nbackwards")), 3);
  assert.equal(lineOf(() => parseCaptions("WEBVTT\n\n00:01.000 --> 00:02.000 colour:red\nx")), 3);
  assert.equal(lineOf(() => parseCaptions("WEBVTT\n\nid only\n")), 3);
  assert.equal(
    lineOf(() =>
      parseCaptions("WEBVTT\n\n00:05.000 --> 00:06.000\na\n\n00:01.000 --> 00:02.000\nb")
    ),
    6,
  );
  assert.equal(lineOf(() => parseCaptions("1\n00:00:01.000 -> 00:00:02,000\nx")), 2);
  assert.equal(lineOf(() => parseCaptions("hello world\nthis is not captions\n")), 1);
  assert.match(
    (() => {
      try {
        parseCaptions("WEBVTT\n\n00:01.000 --> 00:02.000\nx\n\n00:61.000 --> 00:62.000\nx");
      } catch (e) {
        return (e as Error).message;
      }
    })()!,
    /^Line 6: "00:61.000" is not a WebVTT time/,
  );
  assert.throws(() => parseCaptions("WEBVTT\n\nNOTE nothing else\n"), /holds no cues/);
});

Deno.test("limits: bytes, cues, encoding, NUL", () => {
  assert.throws(() => decodeCaptionBytes(new Uint8Array(1024 * 1024 + 1)), LimitError);
  assert.throws(() => decodeCaptionBytes(new Uint8Array([0xff, 0xfe, 0x00])), /not UTF-8/);
  assert.throws(() => decodeCaptionBytes(enc("WEBVTT\n\n\0")), /Line 3: .*NUL/);
  const many = ["WEBVTT", ""];
  for (let i = 0; i <= MAX_CUES; i++) {
    many.push(`${vttTimestamp(i)} --> ${vttTimestamp(i + 0.5)}`, "x", "");
  }
  assert.throws(() => parseCaptions(many.join("\n")), LimitError);
});

Deno.test("language tags are BCP 47, canonicalised; labels are plain", () => {
  assert.equal(captionLanguage("en"), "en");
  assert.equal(captionLanguage("pt-br"), "pt-BR");
  assert.equal(captionLanguage("zh-hant"), "zh-Hant");
  for (const bad of ["", "e", "english!", "en_US", "../x", "en-", "x".repeat(40), "123"]) {
    assert.throws(() => captionLanguage(bad), ValidationError, bad);
  }
  assert.equal(captionLabel("  English  "), "English");
  assert.throws(() => captionLabel('Eng"lish'), ValidationError);
  assert.throws(() => captionLabel("a\nb"), ValidationError);
  assert.throws(() => captionLabel(""), ValidationError);
});
