import type { MediaInfo } from "./probe.ts";

/** One rung of the HLS ladder. */
export interface Rung {
  /** "1080p", "720p"…: the short side of the picture. */
  name: string;
  width: number;
  height: number;
  fps: number;
  /** Target (maximum) video bitrate, bits per second. */
  videoBitrate: number;
  /** Audio bitrate, bits per second; 0 when the source has no audio. */
  audioBitrate: number;
  /** H.264 level × 10 (31 for 3.1). */
  level: number;
  /** The RFC 6381 codecs string for the master playlist. */
  codecs: string;
}

/** The ladder's short sides and their nominal bitrates at 30 fps (kbit/s). */
const LADDER: [number, number][] = [
  [1080, 5000],
  [720, 2800],
  [480, 1400],
  [360, 800],
  [240, 400],
];
const MIN_VIDEO_BITRATE = 100_000;

/**
 * Plans the ladder for a source: each standard rung whose short side fits in
 * the source's displayed short side (never upscaled; a source smaller than
 * 240p gets one rung at its own size), even dimensions, the displayed aspect
 * ratio kept (rotation and non-square pixels applied), at most 60 fps (a
 * faster source is divided down to keep its cadence), and each rung's bitrate
 * capped relative to the source's (bits per pixel no higher than the source's,
 * with a 1.25× allowance for the re-encode).
 */
export function planLadder(info: MediaInfo): Rung[] {
  const v = info.video;
  const long = Math.max(v.displayWidth, v.displayHeight);
  const short = Math.min(v.displayWidth, v.displayHeight);
  const portrait = v.displayHeight > v.displayWidth;
  const fps = capFps(v.fps);
  const sourceBitrate = v.bitRate ?? (info.bitRate ? info.bitRate * 0.9 : undefined);
  const sourcePixels = v.displayWidth * v.displayHeight;
  const shorts = LADDER.filter(([s]) => s <= short);
  const sides = shorts.length
    ? shorts
    : [[floorEven(short), LADDER[LADDER.length - 1][1]] as [number, number]];
  return sides.map(([side, kbps]) => {
    const shortSide = floorEven(side);
    const longSide = Math.min(even(shortSide * long / short), floorEven(long));
    const width = portrait ? shortSide : longSide;
    const height = portrait ? longSide : shortSide;
    let bitrate = nominalBitrate(kbps, fps);
    if (sourceBitrate) {
      const cap = sourceBitrate * 1.25 * (width * height) / sourcePixels;
      bitrate = Math.min(bitrate, cap);
    }
    bitrate = Math.round(Math.max(MIN_VIDEO_BITRATE, bitrate));
    const level = h264Level(width, height, fps);
    const audioBitrate = info.audio ? (side >= 480 ? 128_000 : 96_000) : 0;
    return {
      name: `${side}p`,
      width,
      height,
      fps,
      videoBitrate: bitrate,
      audioBitrate,
      level,
      codecs: codecsFor(level, audioBitrate > 0),
    };
  });
}

/** A rung's bitrate before any cap by the source: the ladder's nominal, ×1.5 above 30 fps. */
function nominalBitrate(kbps: number, fps: number): number {
  return kbps * 1000 * (fps > 30 ? 1.5 : 1);
}

/** The nominal (uncapped) video bitrate of a rung, bits per second. */
export function rungNominalBitrate(rung: Pick<Rung, "name" | "fps">): number {
  const side = parseInt(rung.name);
  const entry = LADDER.find(([s]) => s === side) ?? LADDER[LADDER.length - 1];
  return nominalBitrate(entry[1], rung.fps);
}

/** Frame rate capped at 60 by an integer divisor, so that the cadence stays even. */
export function capFps(fps: number): number {
  if (fps <= 60) return Math.round(fps * 1000) / 1000;
  return Math.round(fps / Math.ceil(fps / 60) * 1000) / 1000;
}

function floorEven(n: number): number {
  return Math.max(2, Math.floor(n / 2) * 2);
}

function even(n: number): number {
  return Math.max(2, Math.round(n / 2) * 2);
}

/** H.264 levels: [level×10, max macroblocks per second, max frame size in macroblocks]. */
const LEVELS: [number, number, number][] = [
  [30, 40_500, 1_620],
  [31, 108_000, 3_600],
  [32, 216_000, 5_120],
  [40, 245_760, 8_192],
  [42, 522_240, 8_704],
  [50, 589_824, 22_080],
  [51, 983_040, 36_864],
  [52, 2_073_600, 36_864],
];

/** The smallest H.264 level that holds this size and frame rate. */
export function h264Level(width: number, height: number, fps: number): number {
  const mbs = Math.ceil(width / 16) * Math.ceil(height / 16);
  const found = LEVELS.find(([, mbps, fs]) => mbs <= fs && mbs * fps <= mbps);
  return (found ?? LEVELS[LEVELS.length - 1])[0];
}

/** avc1 High profile at a level, plus AAC-LC when there is audio. */
export function codecsFor(level: number, audio: boolean): string {
  const video = `avc1.6400${level.toString(16).padStart(2, "0")}`;
  return audio ? `${video},mp4a.40.2` : video;
}

/** The codecs string of an H.264 source as probed (for a remux). */
export function sourceCodecs(info: MediaInfo): string {
  const profiles: Record<string, string> = {
    "Constrained Baseline": "42e0",
    Baseline: "4200",
    Main: "4d40",
    High: "6400",
  };
  const p = profiles[info.video.profile ?? "High"] ?? "6400";
  const level = (info.video.level ?? 40).toString(16).padStart(2, "0");
  return `avc1.${p}${level}` + (info.audio ? ",mp4a.40.2" : "");
}
