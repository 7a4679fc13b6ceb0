import { LimitError, ValidationError } from "../errors.ts";

/**
 * A strict WebVTT/SRT reader. Captions are shown to every viewer and parsed
 * by every player, so a file is accepted only when each block is well formed,
 * and what we store is our own serialisation of the cues (never the bytes as
 * uploaded): header text, NOTE, STYLE and REGION blocks are dropped, SRT text
 * is escaped for WebVTT and its tags other than b/i/u are removed.
 */

/** Largest caption file accepted. */
export const MAX_CAPTION_BYTES = 1024 * 1024;
/** Most cues one file may hold (about one every 0.7 s over two hours). */
export const MAX_CUES = 10_000;
/** Longest cue text, in characters. */
const MAX_CUE_CHARS = 1000;

/** One cue: times in seconds, settings and text in WebVTT syntax. */
export interface Cue {
  start: number;
  end: number;
  settings: string;
  text: string;
}

/** The cues of a parsed file and the format it was in. */
export interface ParsedCaptions {
  format: "vtt" | "srt";
  cues: Cue[];
}

// Ten hours at most: `(hh:)mm:ss.ttt`; SRT uses a comma before the milliseconds.
const VTT_TIME = /^(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})$/;
const SRT_TIME = /^(\d{1,2}):([0-5]\d):([0-5]\d)[,.](\d{1,3})$/;
const SETTING =
  /^(?:vertical:(?:rl|lr)|line:-?\d+(?:\.\d+)?%?(?:,(?:start|center|end))?|position:\d+(?:\.\d+)?%(?:,(?:line-left|center|line-right))?|size:\d+(?:\.\d+)?%|align:(?:start|center|end|left|right)|region:[^\s:]+)$/;

function fail(line: number, message: string): never {
  throw new ValidationError(`Line ${line}: ${message}`, {
    details: { line, fields: [{ field: "file", message: `Line ${line}: ${message}` }] },
  });
}

/** Decodes uploaded bytes as UTF-8 text, refusing other encodings and binary data. */
export function decodeCaptionBytes(bytes: Uint8Array): string {
  if (bytes.byteLength > MAX_CAPTION_BYTES) {
    throw new LimitError(`A caption file may be at most ${MAX_CAPTION_BYTES / 1024 / 1024} MiB.`);
  }
  if (bytes.byteLength === 0) throw new ValidationError("The caption file is empty.");
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ValidationError("The caption file is not UTF-8 text.");
  }
  const nul = text.indexOf("\0");
  if (nul >= 0) fail(text.slice(0, nul).split("\n").length, "the file holds a NUL character.");
  return text;
}

/**
 * Parses WebVTT (a file starting with `WEBVTT`) or SRT (anything else). Any
 * problem is a ValidationError naming the line; too many cues a LimitError.
 */
export function parseCaptions(text: string): ParsedCaptions {
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  const vtt = /^WEBVTT(?:[ \t].*)?$/.test(lines[0]);
  if (!vtt && /^WEBVTT/i.test(lines[0])) {
    fail(1, "a WebVTT file starts with the line WEBVTT (a space or tab may follow, then text).");
  }
  const cues = vtt ? parseVtt(lines) : parseSrt(lines);
  if (cues.length === 0) throw new ValidationError("The caption file holds no cues.");
  return { format: vtt ? "vtt" : "srt", cues };
}

/** Splits lines into blocks separated by blank lines: [first line number (1-based), lines]. */
function blocks(lines: string[], from: number): [number, string[]][] {
  const out: [number, string[]][] = [];
  let current: string[] = [];
  let start = from;
  for (let i = from; i < lines.length; i++) {
    if (lines[i].trim() === "") {
      if (current.length) out.push([start + 1, current]);
      current = [];
      start = i + 1;
    } else current.push(lines[i]);
  }
  if (current.length) out.push([start + 1, current]);
  return out;
}

function parseVtt(lines: string[]): Cue[] {
  // The header runs to the first blank line; it may not hold a cue timing.
  let i = 1;
  for (; i < lines.length && lines[i].trim() !== ""; i++) {
    if (lines[i].includes("-->")) fail(i + 1, "a blank line must follow the WEBVTT header.");
  }
  const cues: Cue[] = [];
  for (const [at, block] of blocks(lines, i)) {
    if (/^(NOTE|STYLE|REGION)(?:[ \t]|$)/.test(block[0])) {
      if (block[0].startsWith("NOTE")) continue;
      if (cues.length) fail(at, `${block[0].split(/\s/)[0]} blocks must come before the cues.`);
      continue;
    }
    // A line starting with a time but no arrow is a broken timing, not a cue identifier.
    if (!block[0].includes("-->") && /^(?:\d+:)?\d+:\d+[.,]\d+/.test(block[0])) {
      fail(at, "a cue timing reads `start --> end` (00:01.000 --> 00:02.000).");
    }
    const timingAt = block[0].includes("-->") ? 0 : 1;
    if (timingAt === 1 && block.length < 2) {
      fail(at, "expected a cue timing (00:01.000 --> 00:02.000).");
    }
    const timing = block[timingAt];
    if (!timing.includes("-->")) {
      fail(at + timingAt, "expected a cue timing (00:01.000 --> 00:02.000).");
    }
    const m = /^(\S+)[ \t]+-->[ \t]+(\S+)(.*)$/.exec(timing);
    if (!m) fail(at + timingAt, "a cue timing reads `start --> end`, separated by spaces.");
    const start = vttTime(m[1], at + timingAt);
    const end = vttTime(m[2], at + timingAt);
    const settings = m[3].trim().split(/[ \t]+/).filter(Boolean);
    for (const s of settings) {
      if (!SETTING.test(s)) fail(at + timingAt, `unknown or malformed cue setting "${s}".`);
    }
    const text = block.slice(timingAt + 1);
    cues.push(cue({ start, end, settings: settings.join(" "), text }, { at: at + timingAt, cues }));
  }
  return cues;
}

function parseSrt(lines: string[]): Cue[] {
  const cues: Cue[] = [];
  for (const [at, block] of blocks(lines, 0)) {
    if (!/^\d+$/.test(block[0].trim())) {
      fail(at, "expected a cue number (SRT) or WEBVTT on line 1.");
    }
    if (block.length < 2) fail(at + 1, "expected a cue timing (00:00:01,000 --> 00:00:02,000).");
    const m =
      /^\s*(\S+)[ \t]+-->[ \t]+(\S+)(?:[ \t]+X1:\d+[ \t]+X2:\d+[ \t]+Y1:\d+[ \t]+Y2:\d+)?\s*$/
        .exec(block[1]);
    if (!m) fail(at + 1, "expected a cue timing (00:00:01,000 --> 00:00:02,000).");
    const start = srtTime(m[1], at + 1);
    const end = srtTime(m[2], at + 1);
    const text = block.slice(2).map(srtTextToVtt);
    cues.push(cue({ start, end, settings: "", text }, { at: at + 1, cues }));
  }
  return cues;
}

function cue(
  c: { start: number; end: number; settings: string; text: string[] },
  ctx: { at: number; cues: Cue[] },
): Cue {
  if (c.end <= c.start) fail(ctx.at, "the cue ends before it starts.");
  const prev = ctx.cues.at(-1);
  if (prev && c.start < prev.start) fail(ctx.at, "cues must be in order of their start times.");
  c.text.forEach((t, k) => {
    if (t.includes("-->")) fail(ctx.at + 1 + k, 'cue text may not contain "-->".');
    // deno-lint-ignore no-control-regex
    if (/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(t)) fail(ctx.at + 1 + k, "control character.");
  });
  const text = c.text.join("\n");
  if (text.length > MAX_CUE_CHARS) {
    fail(ctx.at, `a cue's text may be at most ${MAX_CUE_CHARS} characters.`);
  }
  if (ctx.cues.length >= MAX_CUES) {
    throw new LimitError(`A caption file may hold at most ${MAX_CUES} cues.`);
  }
  return { start: c.start, end: c.end, settings: c.settings, text };
}

function vttTime(s: string, line: number): number {
  const m = VTT_TIME.exec(s);
  if (!m) fail(line, `"${s}" is not a WebVTT time (mm:ss.ttt or hh:mm:ss.ttt).`);
  return seconds(m[1] ?? "0", m[2], m[3], m[4]);
}

function srtTime(s: string, line: number): number {
  const m = SRT_TIME.exec(s);
  if (!m) fail(line, `"${s}" is not an SRT time (hh:mm:ss,ttt).`);
  return seconds(m[1], m[2], m[3], m[4].padEnd(3, "0"));
}

function seconds(h: string, m: string, s: string, ms: string): number {
  return Number(h) * 3600 + Number(m) * 60 + Number(s) + Number(ms) / 1000;
}

/** SRT text is plain text with a few HTML-like tags; WebVTT needs `&` and `<` escaped. */
function srtTextToVtt(line: string): string {
  const kept: string[] = [];
  const marked = line
    .replace(/\{\\[^}]*\}/g, "") // ASS override codes such as {\an8}
    .replace(/<(\/?)([biu])>/gi, (_, slash: string, tag: string) => {
      kept.push(`<${slash}${tag.toLowerCase()}>`);
      return `\u0000${kept.length - 1}\u0000`;
    })
    .replace(/<\/?[a-z][^>]*>/gi, "") // <font …> and the like
    .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  // deno-lint-ignore no-control-regex
  return marked.replace(/\u0000(\d+)\u0000/g, (_, n: string) => kept[Number(n)]);
}

/** Our WebVTT serialisation of `cues` (what is stored and served). */
export function toWebVtt(cues: Cue[]): string {
  const out = ["WEBVTT", ""];
  for (const c of cues) {
    out.push(
      `${vttTimestamp(c.start)} --> ${vttTimestamp(c.end)}${c.settings ? " " + c.settings : ""}`,
    );
    if (c.text) out.push(c.text);
    out.push("");
  }
  return out.join("\n");
}

/** `hh:mm:ss.ttt`. */
export function vttTimestamp(s: number): string {
  const ms = Math.round(s * 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${
    pad(Math.floor(ms / 1000) % 60)
  }.${pad(ms % 1000, 3)}`;
}
