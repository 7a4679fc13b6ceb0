import { LimitError, ValidationError } from "../errors.ts";
import type { PacketFacts } from "./_packet_scan.ts";
import type { InputLimits, MediaInfo } from "./probe.ts";

/**
 * The most pixels per second an input may ask a decoder for: the largest
 * allowed side squared, at 16:9 and 60 fps (7680×4320×60 by default).
 */
export function maxPixelRate(limits: InputLimits): number {
  return limits.maxDimension ** 2 * 9 / 16 * 60;
}

/** Throws a LimitError naming the first limit `info` (with what was `seen`) is over. */
export function checkLimits(
  info: MediaInfo,
  limits: InputLimits,
  seen: { frames?: number; fps: number },
) {
  const { video } = info;
  if (Math.max(video.width, video.height) > limits.maxDimension) {
    throw new LimitError(
      `The video is ${video.width}×${video.height}; the largest side may be at most ${limits.maxDimension} pixels.`,
    );
  }
  if (info.durationS > limits.maxDurationS) {
    throw new LimitError(
      `The video lasts ${
        Math.round(info.durationS)
      } s; at most ${limits.maxDurationS} s is accepted.`,
    );
  }
  const frames = seen.frames ?? Math.ceil(info.durationS * video.fps);
  if (frames > limits.maxFrames) {
    throw new LimitError(
      `The video has ${frames} frames; at most ${limits.maxFrames} are accepted.`,
    );
  }
  const rate = video.width * video.height * seen.fps;
  if (rate > maxPixelRate(limits)) {
    throw new LimitError(
      `The video asks for ${
        Math.round(rate / 1e6)
      } million pixels a second (${video.width}×${video.height} at ${
        Math.round(seen.fps)
      } fps); at most ${Math.round(maxPixelRate(limits) / 1e6)} million are accepted.`,
    );
  }
}

/** A file whose packets cover clearly less than its header announces was cut short. */
export function checkComplete(info: MediaInfo, facts: PacketFacts) {
  const v = info.video;
  const expected = Math.min(info.durationS, v.frames ? v.frames / v.fps : Infinity);
  const short = facts.spanS < expected - Math.max(0.5, expected * 0.02);
  const missing = v.frames !== undefined && facts.packets < v.frames * 0.98;
  if (short || missing) {
    throw new ValidationError(
      `The file is incomplete: it holds ${facts.spanS.toFixed(1)} s of the ${
        info.durationS.toFixed(1)
      } s its header announces (was the upload cut short?).`,
    );
  }
}
