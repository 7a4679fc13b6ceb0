import { LimitError, ValidationError } from "../errors.ts";
import { scanPackets } from "./_packet_scan.ts";
import { checkComplete, checkLimits } from "./_probe_limits.ts";
import { streamLines } from "./child.ts";
import { videoInputArgs } from "./input_policy.ts";

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
  /**
   * Packets ÷ their pts span (set by the deep probe): the frame rate the file
   * really holds, whatever its header claims; undefined when the span is unknown.
   */
  measuredFps?: number;
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

/** Wall-clock limit of the header probe. */
export const HEADER_TIMEOUT_MS = 30_000;
/** Wall-clock limit of the packet scan (a 2 GiB upload demuxes in seconds here). */
export const SCAN_TIMEOUT_MS = 120_000;
/** Address-space cap of each ffprobe child (it maps ≈ 300 MB of libraries; 8K H.264 needs < 512 MB). */
export const PROBE_MEMORY_BYTES = 1024 * 1024 * 1024;
/** Most streams (video, audio, subtitles…) a source may have. */
export const MAX_STREAMS = 32;
/** Largest header (JSON) ffprobe may print: thousands of streams are not a video we want. */
const MAX_HEADER_BYTES = 1024 * 1024;

/**
 * Probes a source (a local path, or a URL of our own object) in two steps,
 * each a bounded ffprobe child under the input policy (input_policy.ts): the
 * header (cheap; absurd claims are refused here), then every video packet,
 * streamed and counted, so that the limits are judged by what the file really
 * holds: more packets than `maxFrames`, a longer pts span than
 * `maxDurationS` or too high a pixel rate is refused whatever the header
 * says, and ffprobe is killed as soon as a limit is passed. Truncated files
 * whose header claims the full length are caught too.
 * Throws ValidationError for what is not a usable video and LimitError for
 * inputs over the limits; both name the problem in words a person can read.
 */
export async function probeMedia(
  source: string,
  options: {
    ffprobePath: string;
    limits: InputLimits;
    /** The input's size, required when `source` is a URL. */
    sizeBytes?: number;
  },
): Promise<MediaInfo> {
  const size = options.sizeBytes ?? (await Deno.stat(source)).size;
  if (size === 0) throw new ValidationError("The uploaded file is empty.");
  const { limits } = options;
  // No pixel cap here: the header check below names an oversized picture in words.
  const input = [...videoInputArgs(source), source];
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
  checkLimits(info, limits, { frames: info.video.frames, fps: info.video.fps });
  const facts = await scanPackets(options.ffprobePath, input, {
    maxFrames: limits.maxFrames,
    maxDurationS: limits.maxDurationS,
    frameS: 1 / info.video.fps,
    timeoutMs: SCAN_TIMEOUT_MS,
    memoryBytes: PROBE_MEMORY_BYTES,
  });
  const v = info.video;
  v.packets = facts.packets;
  v.maxKeyframeGapS = facts.maxKeyframeGapS;
  if (facts.spanS > 0 && Number.isFinite(facts.spanS)) v.measuredFps = facts.packets / facts.spanS;
  checkComplete(info, facts);
  // Judge by what is there: a header that understates the length does not shrink the budgets.
  info.durationS = Math.max(info.durationS, facts.spanS);
  checkLimits(info, limits, { frames: facts.packets, fps: facts.packets / facts.spanS });
  return info;
}

function parseHeader(j: Json, size: number): MediaInfo {
  const streams: Json[] = j.streams ?? [];
  if (streams.length > MAX_STREAMS) {
    // Each stream is demuxed (and decoded, for the ladder's audio) however few we use.
    throw new LimitError(
      `The file has ${streams.length} streams; at most ${MAX_STREAMS} are accepted.`,
    );
  }
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

async function ffprobeJson(ffprobe: string, args: string[]): Promise<Json | undefined> {
  const lines: string[] = [];
  const decoder = new TextDecoder();
  let bytes = 0;
  const out = await streamLines(ffprobe, ["-v", "error", "-of", "json", ...args], {
    timeoutMs: HEADER_TIMEOUT_MS,
    memoryBytes: PROBE_MEMORY_BYTES,
    onLine: (line) => {
      bytes += line.length + 1;
      if (bytes > MAX_HEADER_BYTES) return false;
      lines.push(decoder.decode(line));
    },
  });
  if (out.stopped === "reader") {
    throw new LimitError(
      "The file's header is too large for a video we accept (too many streams?).",
    );
  }
  if (out.stopped === "timeout") {
    throw new LimitError("Reading the file's header took too long; it is too complex to accept.");
  }
  if (!out.success) return undefined;
  try {
    return JSON.parse(lines.join("\n"));
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
