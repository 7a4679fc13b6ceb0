import { videoInputArgs } from "./input_policy.ts";
import type { Rung } from "./ladder.ts";
import { MEDIA_FILES } from "../storage/layout.ts";

/** HLS settings shared by every output: 4 s fMP4 segments. */
export const SEGMENT_SECONDS = 4;

/**
 * Where encoded rungs put their keyframes, and so their segments: 0, 1, 2,
 * then every SEGMENT_SECONDS from 4 s on. The short first segments let a
 * rung be published (and a player start) after 1–2 s of video rather than 4
 * (issue 18, P1/P5); every rung uses the same times, so segments stay aligned
 * across rungs. Kept in step with `hls_time` 1 in hlsOutput(): the muxer cuts
 * at the first keyframe at least one second per segment in, which is each of
 * these keyframes.
 */
export const KEYFRAME_TIMES_EXPR =
  `expr:gte(t,if(lt(n_forced,3),n_forced,${SEGMENT_SECONDS}*(n_forced-2)))`;

/** The storyboard grid: tiles of at most 160 px, one every `intervalS` seconds. */
export interface StoryboardPlan {
  intervalS: number;
  count: number;
  cols: number;
  rows: number;
  tileWidth: number;
  tileHeight: number;
}

/** At most 100 tiles, at least one second apart, in rows of up to 10. */
export function planStoryboard(
  durationS: number,
  display: { width: number; height: number },
): StoryboardPlan {
  const intervalS = Math.max(1, Math.ceil(durationS / 100));
  const count = Math.max(1, Math.min(100, Math.ceil(durationS / intervalS)));
  const cols = Math.min(10, count);
  const landscape = display.width >= display.height;
  const even = (n: number) => Math.max(2, Math.round(n / 2) * 2);
  return {
    intervalS,
    count,
    cols,
    rows: Math.ceil(count / cols),
    tileWidth: landscape ? 160 : even(160 * display.width / display.height),
    tileHeight: landscape ? even(160 * display.height / display.width) : 160,
  };
}

// Always through var_stream_map, even for one variant: only then does ffmpeg 5.1
// put the fMP4 init segment beside its playlist (init_N.mp4) rather than in its cwd.
function hlsOutput(
  outDir: string,
  options: { event: boolean; varStreamMap: string; hlsTime: number },
): string[] {
  const dir = `${outDir}/%v`;
  return [
    "-f",
    "hls",
    "-hls_time",
    String(options.hlsTime),
    "-hls_playlist_type",
    options.event ? "event" : "vod",
    "-hls_segment_type",
    "fmp4",
    "-hls_fmp4_init_filename",
    "init.mp4",
    "-hls_flags",
    "independent_segments+temp_file",
    "-hls_segment_filename",
    `${dir}/seg_%05d.m4s`,
    "-var_stream_map",
    options.varStreamMap,
    `${dir}/${MEDIA_FILES.variantPlaylist}`,
  ];
}

/**
 * One ffmpeg run for the whole ladder: a single decode scaled down rung by rung
 * (cascadeGraph()) into every rung
 * (and the storyboard), x264 with keyframes forced every 4 s so that segments
 * line up across rungs, capped CRF (quality-driven, bounded by maxrate), and
 * AAC audio muxed into each rung. Variant playlists are EVENT playlists so
 * that they can be published while ffmpeg is still writing.
 */
export function ladderArgs(
  input: string,
  options: {
    rungs: Rung[];
    outDir: string;
    preset: string;
    sourceFps: number;
    hasAudio: boolean;
    storyboard?: { plan: StoryboardPlan; path: string };
    /** The input limit, so that a stream growing past it mid-way stops the decoder. */
    maxDimension?: number;
  },
): string[] {
  const { rungs } = options;
  const outFps = rungs[0].fps;
  const pre = outFps < options.sourceFps - 0.01 ? `fps=${outFps},` : "";
  const graph = cascadeGraph(rungs, { pre, storyboard: !!options.storyboard });
  if (options.storyboard) {
    const p = options.storyboard.plan;
    // round=up: a tile for every started interval (plan.count = ceil(duration / interval)).
    // With the default rounding a clip under half an interval yields no frame and no sprite.
    // Tiles are written one by one and joined afterwards (storyboardSpriteArgs()): a `tile`
    // filter here emits its only frame at the end, and ffmpeg prints no progress at all until
    // every output has started, so the bar sat at 0 % for the whole ladder.
    graph.push(
      `[sbin]fps=1/${p.intervalS}:round=up,scale=${p.tileWidth}:${p.tileHeight},setsar=1[sb]`,
    );
  }
  const gop = Math.max(1, Math.round(outFps * SEGMENT_SECONDS));
  const args = [
    ...quietInput(input, options),
    "-filter_complex",
    graph.join(";"),
  ];
  rungs.forEach((r, i) => {
    args.push("-map", `[v${i}]`);
    if (options.hasAudio) args.push("-map", "0:a:0");
    args.push(
      `-crf:v:${i}`,
      "23",
      `-maxrate:v:${i}`,
      String(r.videoBitrate),
      `-bufsize:v:${i}`,
      String(r.videoBitrate * 2),
      `-level:v:${i}`,
      (r.level / 10).toFixed(1),
    );
    if (options.hasAudio) args.push(`-b:a:${i}`, String(r.audioBitrate));
  });
  args.push(
    "-c:v",
    "libx264",
    "-preset",
    options.preset,
    "-profile:v",
    "high",
    "-g",
    String(gop),
    "-keyint_min",
    String(gop),
    "-sc_threshold",
    "0",
    "-force_key_frames",
    KEYFRAME_TIMES_EXPR,
  );
  if (options.hasAudio) args.push("-c:a", "aac", "-ac", "2");
  const map = rungs.map((r, i) => `v:${i}${options.hasAudio ? `,a:${i}` : ""},name:${r.name}`);
  args.push(
    ...hlsOutput(options.outDir, { event: true, varStreamMap: map.join(" "), hlsTime: 1 }),
  );
  if (options.storyboard) {
    args.push("-map", "[sb]", "-frames:v", String(options.storyboard.plan.count), "-c:v", "png");
    args.push(storyboardTiles(options.storyboard.path));
  }
  args.push("-progress", "pipe:1");
  return args;
}

/**
 * The quiet, overwrite-outputs preamble every job's ffmpeg run starts with,
 * its input read under the input policy (the source is user input).
 */
function quietInput(input: string, options: { maxDimension?: number } = {}): string[] {
  return [
    "-hide_banner",
    "-nostats",
    "-v",
    "error",
    "-y",
    ...videoInputArgs(input, options),
    "-i",
    input,
  ];
}

/**
 * The rungs' filter graph as a cascade: the source is scaled once to the top
 * rung, and each smaller rung (then the storyboard's input `[sbin]`) from the
 * rung above it, not from the source: a 1080p source is scaled at full size
 * once rather than five times. Measured (bench/ladder_bench.ts, 60 s of 1080p,
 * veryfast, a loaded machine): the ladder 85.6 CPU-s against 107 for five
 * separate encodes (80 %; scaling each rung from the source: 81 %), SSIM per
 * rung within 0.0006 of scaling from the source. Outputs `[v0]`…`[vN-1]`.
 */
function cascadeGraph(rungs: Rung[], options: { pre: string; storyboard: boolean }): string[] {
  const graph: string[] = [];
  let from = `[0:v]${options.pre}`;
  rungs.forEach((r, i) => {
    const last = i === rungs.length - 1;
    const scale = `scale=${r.width}:${r.height},setsar=1,format=yuv420p`;
    const next = last ? (options.storyboard ? "[sbin]" : "") : `[c${i}]`;
    graph.push(next ? `${from}${scale},split=2[v${i}]${next}` : `${from}${scale}[v${i}]`);
    from = next;
  });
  return graph;
}

/** Where the ladder writes the storyboard's tiles, beside the sprite at `spritePath`. */
function storyboardTiles(spritePath: string): string {
  return `${spritePath}.tile_%05d.png`;
}

/**
 * Joins the tiles the ladder wrote (ladderArgs()'s `storyboard`) into the
 * sprite at `spritePath`: rows of `plan.cols`, the unused cells left black.
 * Cheap: at most 100 small images, no decode of the source.
 */
export function storyboardSpriteArgs(spritePath: string, plan: StoryboardPlan): string[] {
  return [
    ...["-hide_banner", "-v", "error", "-y", "-f", "image2", "-framerate", "1"],
    ...["-i", storyboardTiles(spritePath)],
    ...["-vf", `tile=${plan.cols}x${plan.rows}`, "-frames:v", "1", "-q:v", "4", spritePath],
  ];
}

/** Repackages a web-safe source into fMP4 HLS without re-encoding, as variant `name`. */
export function remuxArgs(
  input: string,
  options: { outDir: string; name: string; hasAudio: boolean },
): string[] {
  return [
    ...quietInput(input),
    "-map",
    "0:v:0",
    ...(options.hasAudio ? ["-map", "0:a:0"] : []),
    "-c",
    "copy",
    // EVENT while it runs: it is published as it grows (the worker marks it VOD at the end).
    // Cut at the source's own keyframes, at least SEGMENT_SECONDS apart.
    ...hlsOutput(options.outDir, {
      event: true,
      varStreamMap: `v:0${options.hasAudio ? ",a:0" : ""},name:${options.name}`,
      hlsTime: SEGMENT_SECONDS,
    }),
    "-progress",
    "pipe:1",
  ];
}

/** A poster frame (JPEG) at `atS`, scaled to the given display size. */
export function posterArgs(
  input: string,
  options: { atS: number; width: number; height: number; path: string; maxDimension?: number },
): string[] {
  return [
    "-hide_banner",
    "-v",
    "error",
    "-y",
    "-ss",
    options.atS.toFixed(3),
    ...videoInputArgs(input, options),
    "-i",
    input,
    "-frames:v",
    "1",
    "-vf",
    `scale=${options.width}:${options.height},setsar=1`,
    "-q:v",
    "3",
    options.path,
  ];
}
