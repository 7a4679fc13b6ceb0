import { LimitError, ValidationError } from "../errors.ts";

/** The video stream of a source, as ffprobe sees it. */
export interface VideoStreamInfo {
  codec: string;
  profile?: string;
  /** H.264 level × 10 (e.g. 40 for 4.0), when known. */
  level?: number;
  pixFmt: string;
  /** Coded size, before rotation and pixel aspect. */
  width: number;
  height: number;
  /** Sample (pixel) aspect ratio as [num, den]; [1, 1] for square pixels. */
  sar: [number, number];
  /** Clockwise rotation to apply for display: 0, 90, 180 or 270. */
  rotation: number;
  /** The size a viewer sees: pixel aspect applied, then rotation. */
  displayWidth: number;
  displayHeight: number;
  fps: number;
  bitRate?: number;
  /** Frames in the container's index, when it has one. */
  frames?: number;
  /** Packets actually read (set by the deep probe). */
  packets: number;
  /** Longest gap between keyframes, in seconds (set by the deep probe). */
  maxKeyframeGapS: number;
}

/** What a source file is. */
export interface MediaInfo {
  formatName: string;
  durationS: number;
  sizeBytes: number;
  bitRate?: number;
  video: VideoStreamInfo;
  audio?: { codec: string; profile?: string; channels: number; sampleRate: number };
}

/** The limits an input must respect (from configuration). */
export interface InputLimits {
  maxDimension: number;
  maxDurationS: number;
  maxFrames: number;
}

// deno-lint-ignore no-explicit-any
type Json = any;

/**
 * Probes a source in two steps: the header (cheap; absurd inputs are refused
 * here), then every video packet (demux only) to count them, find the longest
 * keyframe gap, and catch truncated files whose header claims the full length.
 * Throws ValidationError for what is not a usable video and LimitError for
 * inputs over the limits; both name the problem in words a person can read.
 */
export async function probeMedia(
  path: string,
  options: {
    ffprobePath: string;
    limits: InputLimits;
    /** The input's size, required when `path` is a URL. */
    sizeBytes?: number;
    /** Input options placed before the path (e.g. -protocol_whitelist, -format_whitelist). */
    inputArgs?: string[];
  },
): Promise<MediaInfo> {
  const size = options.sizeBytes ?? (await Deno.stat(path)).size;
  if (size === 0) throw new ValidationError("The uploaded file is empty.");
  const input = [...(options.inputArgs ?? []), path];
  const header = await ffprobeJson(options.ffprobePath, [
    "-show_format",
    "-show_streams",
    ...input,
  ]);
  if (!header) {
    throw new ValidationError(
      "The file is not a video that can be read (unknown or damaged format).",
    );
  }
  const info = parseHeader(header, size);
  checkLimits(info, options.limits);
  await scanPackets(options.ffprobePath, input, info);
  return info;
}

function parseHeader(j: Json, size: number): MediaInfo {
  const streams: Json[] = j.streams ?? [];
  const v = streams.find((s) => s.codec_type === "video" && !s.disposition?.attached_pic);
  if (!v) throw new ValidationError("The file has no video stream (is it audio only?).");
  const a = streams.find((s) => s.codec_type === "audio");
  const durationS = Number(v.duration) || Number(j.format?.duration) || 0;
  if (!(durationS >= 0.1) || j.format?.format_name?.includes("_pipe")) {
    throw new ValidationError("The file is a still image or has no duration, not a video.");
  }
  const width = Number(v.width) || 0;
  const height = Number(v.height) || 0;
  if (width < 2 || height < 2) throw new ValidationError("The video has no picture size.");
  const sar = parseRatio(v.sample_aspect_ratio);
  const sarPair: [number, number] = sar ? [sar[0], sar[1]] : [1, 1];
  const rotation = readRotation(v);
  const sarWidth = Math.round(width * sarPair[0] / sarPair[1]);
  const turned = rotation === 90 || rotation === 270;
  const fpsRatio = parseRatio(v.avg_frame_rate) ?? parseRatio(v.r_frame_rate);
  const fps = fpsRatio ? fpsRatio[0] / fpsRatio[1] : 0;
  return {
    formatName: String(j.format?.format_name ?? ""),
    durationS,
    sizeBytes: size,
    bitRate: Number(j.format?.bit_rate) || undefined,
    video: {
      codec: String(v.codec_name),
      profile: v.profile,
      level: Number(v.level) > 0 ? Number(v.level) : undefined,
      pixFmt: String(v.pix_fmt ?? ""),
      width,
      height,
      sar: sarPair,
      rotation,
      displayWidth: turned ? height : sarWidth,
      displayHeight: turned ? sarWidth : height,
      fps: fps > 0 && fps < 1000 ? fps : 30,
      bitRate: Number(v.bit_rate) || undefined,
      frames: Number(v.nb_frames) || undefined,
      packets: 0,
      maxKeyframeGapS: Infinity,
    },
    audio: a
      ? {
        codec: String(a.codec_name),
        profile: a.profile,
        channels: Number(a.channels) || 2,
        sampleRate: Number(a.sample_rate) || 48000,
      }
      : undefined,
  };
}

function checkLimits(info: MediaInfo, limits: InputLimits) {
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
  const frames = video.frames ?? Math.ceil(info.durationS * video.fps);
  if (frames > limits.maxFrames) {
    throw new LimitError(
      `The video has ${frames} frames; at most ${limits.maxFrames} are accepted.`,
    );
  }
}

async function scanPackets(ffprobe: string, input: string[], info: MediaInfo) {
  const out = await new Deno.Command(ffprobe, {
    args: [
      "-v",
      "error",
      "-select_streams",
      "v:0",
      "-show_entries",
      "packet=pts_time,flags",
      "-of",
      "csv=p=0",
      ...input,
    ],
    stdout: "piped",
    stderr: "piped",
    stdin: "null",
  }).output();
  const lines = new TextDecoder().decode(out.stdout).split("\n");
  let packets = 0, minPts = Infinity, maxPts = -Infinity, lastKey = NaN, maxGap = 0;
  const keys: number[] = [];
  for (const line of lines) {
    const [ptsText, flags] = line.split(",");
    const pts = Number(ptsText);
    if (!ptsText || !Number.isFinite(pts)) continue;
    packets++;
    minPts = Math.min(minPts, pts);
    maxPts = Math.max(maxPts, pts);
    if (flags?.startsWith("K")) keys.push(pts);
  }
  keys.sort((a, b) => a - b);
  for (const k of keys) {
    if (!Number.isNaN(lastKey)) maxGap = Math.max(maxGap, k - lastKey);
    lastKey = k;
  }
  if (keys.length) maxGap = Math.max(maxGap, maxPts - lastKey);
  const v = info.video;
  v.packets = packets;
  v.maxKeyframeGapS = keys.length ? maxGap : Infinity;
  if (packets === 0) throw new ValidationError("The file contains no video frames.");
  const covered = maxPts - minPts + 1 / v.fps;
  const expected = Math.min(info.durationS, v.frames ? v.frames / v.fps : Infinity);
  const short = covered < expected - Math.max(0.5, expected * 0.02);
  const missing = v.frames !== undefined && packets < v.frames * 0.98;
  if (short || missing) {
    throw new ValidationError(
      `The file is incomplete: it holds ${covered.toFixed(1)} s of the ${
        info.durationS.toFixed(1)
      } s its header announces (was the upload cut short?).`,
    );
  }
}

async function ffprobeJson(ffprobe: string, args: string[]): Promise<Json | undefined> {
  const out = await new Deno.Command(ffprobe, {
    args: ["-v", "error", "-of", "json", ...args],
    stdout: "piped",
    stderr: "piped",
    stdin: "null",
  }).output();
  if (!out.success) return undefined;
  try {
    return JSON.parse(new TextDecoder().decode(out.stdout));
  } catch {
    return undefined;
  }
}

function parseRatio(text: unknown): [number, number] | undefined {
  const m = /^(\d+)[:/](\d+)$/.exec(String(text ?? ""));
  if (!m) return undefined;
  const n = Number(m[1]), d = Number(m[2]);
  return n > 0 && d > 0 ? [n, d] : undefined;
}

function readRotation(v: Json): number {
  let deg = 0;
  for (const sd of v.side_data_list ?? []) {
    if (typeof sd.rotation === "number") deg = sd.rotation;
  }
  if (!deg && v.tags?.rotate) deg = -Number(v.tags.rotate);
  // The display matrix's rotation is counter-clockwise; turn it into a clockwise quarter.
  const cw = ((Math.round(-deg / 90) * 90) % 360 + 360) % 360;
  return cw;
}

/**
 * Whether the source can be published as-is (remuxed, no re-encode): H.264 in
 * 8-bit 4:2:0 with AAC or no audio, square pixels, upright, keyframes at most
 * ~5 s apart and at most 60 fps.
 */
export function isWebSafe(info: MediaInfo): boolean {
  const v = info.video;
  const profiles = ["Constrained Baseline", "Baseline", "Main", "High"];
  return v.codec === "h264" && ["yuv420p", "yuvj420p"].includes(v.pixFmt) &&
    profiles.includes(v.profile ?? "") && v.maxKeyframeGapS <= 5.05 && v.rotation === 0 &&
    v.sar[0] === v.sar[1] && v.fps <= 60 &&
    (!info.audio || (info.audio.codec === "aac" && (info.audio.profile ?? "LC") === "LC"));
}
