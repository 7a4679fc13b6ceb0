import { imageInputArgs, THUMBNAIL_DEMUXERS, videoInputArgs } from "../media/input_policy.ts";
import { thumbnailWidths } from "../shared/thumbnails.ts";

/** The widest thumbnail made (the player's poster on a large screen). */
export const MAX_THUMBNAIL_WIDTH = 1280;

/** Frames offered as thumbnails: their names and where in the video they are taken. */
export const FRAME_POINTS = [
  { name: "f1", fraction: 0.25 },
  { name: "f2", fraction: 0.5 },
  { name: "f3", fraction: 0.75 },
] as const;

/** The frame taken where the poster is (the default choice). */
export const AUTO_FRAME = "auto";

/** Every size (width × height, even) of a picture displayed at `display`. */
export function thumbnailSizes(display: { width: number; height: number }) {
  const largest = Math.min(MAX_THUMBNAIL_WIDTH, display.width);
  const even = (n: number) => Math.max(2, Math.round(n / 2) * 2);
  return thumbnailWidths(even(largest)).map((w) => ({
    width: w,
    height: even(w * display.height / display.width),
  }));
}

/**
 * One ffmpeg run for all the frames: one input per frame, each seeking on its
 * own (`-ss` before `-i`: a keyframe seek and a short decode, ≈ 0.3 s), each
 * split into every size. Outputs `{outDir}/{name}-{width}.jpg`.
 */
export function frameArgs(
  source: string,
  options: {
    frames: { name: string; atS: number }[];
    sizes: { width: number; height: number }[];
    outDir: string;
    maxDimension?: number;
  },
): string[] {
  const args = ["-hide_banner", "-nostats", "-v", "error", "-y"];
  for (const f of options.frames) {
    args.push("-ss", f.atS.toFixed(3), ...videoInputArgs(source, options), "-i", source);
  }
  const graph: string[] = [];
  const outputs: string[] = [];
  options.frames.forEach((f, i) => {
    const labels = options.sizes.map((_, j) => `[t${i}_${j}]`);
    graph.push(`[${i}:v]split=${options.sizes.length}${labels.join("")}`);
    options.sizes.forEach((s, j) => {
      graph.push(`[t${i}_${j}]scale=${s.width}:${s.height},setsar=1[o${i}_${j}]`);
      outputs.push(
        "-map",
        `[o${i}_${j}]`,
        "-frames:v",
        "1",
        "-q:v",
        "4",
        `${options.outDir}/${f.name}-${s.width}.jpg`,
      );
    });
  });
  return [...args, "-filter_complex", graph.join(";"), ...outputs];
}

/** Resizes an uploaded image (JPEG/PNG/WebP only) to every size, as JPEG. */
export function resizeArgs(
  input: string,
  options: { name: string; sizes: { width: number; height: number }[]; outDir: string },
): string[] {
  const n = options.sizes.length;
  const labels = options.sizes.map((_, j) => `[r${j}]`).join("");
  const graph = [`[0:v]format=yuvj420p,split=${n}${labels}`];
  const outputs: string[] = [];
  options.sizes.forEach((s, j) => {
    graph.push(`[r${j}]scale=${s.width}:${s.height}:flags=lanczos,setsar=1[o${j}]`);
    outputs.push(
      "-map",
      `[o${j}]`,
      "-frames:v",
      "1",
      "-q:v",
      "3",
      `${options.outDir}/${options.name}-${s.width}.jpg`,
    );
  });
  return [
    "-hide_banner",
    "-nostdin",
    "-v",
    "error",
    "-y",
    ...imageInputArgs({ demuxers: THUMBNAIL_DEMUXERS }),
    "-i",
    input,
    "-filter_complex",
    graph.join(";"),
    ...outputs,
  ];
}
