/** Generated test media (lavfi testsrc2 + sine), small and a few seconds long. */
export interface ClipOptions {
  width?: number;
  height?: number;
  durationS?: number;
  fps?: number;
  /** "h264" (web-safe by default), "vp9" (WebM), "hevc", or "none" for audio only. */
  video?: "h264" | "vp9" | "hevc" | "none";
  audio?: boolean;
  /** Keyframe interval in frames (h264/hevc). */
  gop?: number;
  /** Display rotation metadata, degrees clockwise. */
  rotate?: number;
  /** Sample aspect ratio, e.g. "4/3". */
  sar?: string;
  preset?: string;
  /** Pixel format of an h264 clip (yuv444p allows odd sizes). */
  pixFmt?: string;
  /** Crop to this size after generating, e.g. "401:251". */
  crop?: string;
}

/** Writes a clip to `path` with ffmpeg and returns the path. */
export async function makeClip(path: string, o: ClipOptions = {}): Promise<string> {
  const w = o.width ?? 320, h = o.height ?? 180, d = o.durationS ?? 3, fps = o.fps ?? 25;
  const video = o.video ?? "h264";
  const audio = o.audio ?? true;
  const args = ["-v", "error", "-y"];
  if (video !== "none") {
    args.push("-f", "lavfi", "-i", `testsrc2=size=${w}x${h}:rate=${fps}:duration=${d}`);
  }
  if (audio) args.push("-f", "lavfi", "-i", `sine=frequency=440:sample_rate=48000:duration=${d}`);
  const filters = [
    o.pixFmt ? `format=${o.pixFmt}` : "",
    o.crop ? `crop=${o.crop}` : "",
    o.sar ? `setsar=${o.sar}` : "",
  ].filter(Boolean);
  if (video !== "none" && filters.length) args.push("-vf", filters.join(","));
  const gop = String(o.gop ?? fps * 2);
  if (video === "h264") {
    args.push(
      "-c:v",
      "libx264",
      "-preset",
      o.preset ?? "ultrafast",
      "-pix_fmt",
      o.pixFmt ?? "yuv420p",
    );
    args.push("-g", gop);
  } else if (video === "hevc") {
    args.push("-c:v", "libx265", "-preset", "ultrafast", "-tag:v", "hvc1", "-g", gop);
    args.push("-x265-params", "log-level=error");
  } else if (video === "vp9") {
    args.push("-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "300k");
  }
  if (audio) args.push("-c:a", video === "vp9" ? "libopus" : "aac", "-b:a", "64k");
  const target = o.rotate ? `${path}.plain.mp4` : path;
  args.push(target);
  await ffmpeg(args);
  if (o.rotate) {
    // ffmpeg 5.1 writes rotation metadata only when stream-copying.
    await ffmpeg([
      "-v",
      "error",
      "-y",
      "-i",
      target,
      "-c",
      "copy",
      "-metadata:s:v:0",
      `rotate=${o.rotate}`,
      path,
    ]);
    await Deno.remove(target);
  }
  return path;
}

async function ffmpeg(args: string[]) {
  const out = await new Deno.Command("ffmpeg", { args, stderr: "piped", stdout: "null" }).output();
  if (!out.success) throw new Error(`makeClip failed: ${new TextDecoder().decode(out.stderr)}`);
}

/** ffprobe's JSON for a file or playlist. */
// deno-lint-ignore no-explicit-any
export async function ffprobe(path: string, args: string[] = []): Promise<any> {
  const out = await new Deno.Command("ffprobe", {
    args: ["-v", "error", "-of", "json", ...args, path],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) throw new Error(`ffprobe failed: ${new TextDecoder().decode(out.stderr)}`);
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

/** Runs `fn` with a fresh temporary directory that is removed afterwards, whatever happens. */
export async function inTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "vf-media-test-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
