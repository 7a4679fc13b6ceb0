import { LimitError, ValidationError } from "../errors.ts";
import { type ChildLimits, streamLines } from "./child.ts";

/** What the file really holds: counted, not read from its header. */
export interface PacketFacts {
  packets: number;
  /** First to last video pts plus one frame, in seconds. */
  spanS: number;
  /** Longest distance between keyframes (or to the end), in seconds; Infinity without any. */
  maxKeyframeGapS: number;
}

/** Limits of one scan. */
export interface ScanLimits {
  maxFrames: number;
  maxDurationS: number;
  /** Frame duration to add to the pts span (1 / header fps). */
  frameS: number;
  timeoutMs: number;
  memoryBytes: number;
}

/**
 * Lists every video packet of the input (demux only) with ffprobe, counting
 * as they stream by and keeping nothing but counters. The moment the count
 * passes `maxFrames` or the pts span passes `maxDurationS` ffprobe is killed
 * and a LimitError names the limit: the header's claims do not matter here.
 */
export async function scanPackets(
  ffprobe: string,
  input: string[],
  limits: ScanLimits,
): Promise<PacketFacts> {
  let packets = 0, minPts = Infinity, maxPts = -Infinity;
  let lastKey = NaN, maxGap = 0;
  let over: LimitError | undefined;
  const onLine: ChildLimits["onLine"] = (line) => {
    if (line.length === 0) return;
    // Every packet counts against the limit, with a timestamp or without ("N/A").
    packets++;
    // A packet without one (NaN) is in neither the span nor the keyframe gaps: NaN compares false.
    const pts = parsePts(line);
    if (pts < minPts) minPts = pts;
    if (pts > maxPts) maxPts = pts;
    const comma = line.indexOf(44 /* , */);
    if (comma >= 0 && line[comma + 1] === 75 /* K: a keyframe */ && !Number.isNaN(pts)) {
      if (!Number.isNaN(lastKey) && pts > lastKey) maxGap = Math.max(maxGap, pts - lastKey);
      if (Number.isNaN(lastKey) || pts > lastKey) lastKey = pts;
    }
    if (packets > limits.maxFrames) {
      over = new LimitError(
        `The video has more than ${limits.maxFrames} frames; at most ${limits.maxFrames} are accepted.`,
      );
    } else if (maxPts - minPts > limits.maxDurationS) {
      over = new LimitError(
        `The video lasts more than ${limits.maxDurationS} s; at most ${limits.maxDurationS} s is accepted.`,
      );
    }
    return over ? false : undefined;
  };
  const outcome = await streamLines(ffprobe, [
    "-v",
    "error",
    "-select_streams",
    "v:0",
    "-show_entries",
    "packet=pts_time,flags",
    "-of",
    "csv=p=0",
    ...input,
  ], { timeoutMs: limits.timeoutMs, memoryBytes: limits.memoryBytes, onLine });
  if (over) throw over;
  if (outcome.stopped === "timeout") {
    throw new LimitError(
      `Reading the file took longer than ${
        Math.round(limits.timeoutMs / 1000)
      } s; it is too complex to accept.`,
    );
  }
  if (outcome.stopped === "reader") {
    throw new ValidationError("The file's packet list is unreadable (damaged file?).");
  }
  if (packets === 0 || maxPts < minPts) {
    throw new ValidationError("The file contains no video frames.");
  }
  if (!Number.isNaN(lastKey)) maxGap = Math.max(maxGap, maxPts - lastKey);
  return {
    packets,
    spanS: maxPts - minPts + limits.frameS,
    maxKeyframeGapS: Number.isNaN(lastKey) ? Infinity : maxGap,
  };
}

/**
 * The pts_time at the start of a `pts_time,flags` line ("12.345000,K_"), read
 * from the bytes (no string per packet); NaN for "N/A" or anything else.
 */
export function parsePts(line: Uint8Array): number {
  let i = 0, sign = 1, value = 0, scale = 0, digits = 0;
  if (line[0] === 45 /* - */) (sign = -1, i = 1);
  for (; i < line.length; i++) {
    const c = line[i];
    if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      if (scale) scale *= 10;
      digits++;
    } else if (c === 46 /* . */ && !scale) scale = 1;
    else if (c === 44 /* , */) break;
    else return NaN;
  }
  if (!digits) return NaN;
  return sign * (scale ? value / scale : value);
}
