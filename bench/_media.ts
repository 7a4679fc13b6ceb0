/** Helpers for media benchmarks: timed ffmpeg runs (wall and CPU seconds) and SSIM. */

/** Runs a command under /usr/bin/time and returns wall, user+system CPU seconds. */
export async function timed(cmd: string, args: string[]): Promise<{ wallS: number; cpuS: number }> {
  const stats = await Deno.makeTempFile({ prefix: "vf-time-" });
  try {
    const started = performance.now();
    const out = await new Deno.Command("/usr/bin/time", {
      args: ["-f", "%U %S", "-o", stats, cmd, ...args],
      stdout: "null",
      stderr: "piped",
    }).output();
    const wallS = (performance.now() - started) / 1000;
    if (!out.success) throw new Error(`${cmd} failed: ${new TextDecoder().decode(out.stderr)}`);
    const [user, sys] = (await Deno.readTextFile(stats)).trim().split("\n").pop()!.split(" ").map(
      Number,
    );
    return { wallS, cpuS: user + sys };
  } finally {
    await Deno.remove(stats).catch(() => {});
  }
}

/** SSIM (All) of `distorted` against `reference` scaled to the distorted size. */
export async function ssim(
  distorted: string,
  reference: string,
  size: { width: number; height: number },
): Promise<number> {
  const out = await new Deno.Command("ffmpeg", {
    args: [
      "-hide_banner",
      "-i",
      distorted,
      "-i",
      reference,
      "-lavfi",
      `[1:v]scale=${size.width}:${size.height}:flags=bicubic,setsar=1[ref];[0:v]setsar=1[d];[d][ref]ssim`,
      "-f",
      "null",
      "-",
    ],
    stdout: "null",
    stderr: "piped",
  }).output();
  const m = /All:([0-9.]+)/.exec(new TextDecoder().decode(out.stderr));
  return m ? Number(m[1]) : NaN;
}

/** What a generated bench source is: web-safe H.264/AAC MP4, or VP9/Opus WebM (not web-safe). */
export interface SourceSpec {
  width: number;
  height: number;
  durationS: number;
  codec?: "h264" | "vp9";
}

const CACHE_DIR = new URL("./cache/", import.meta.url).pathname;
/** Longer sources are this base clip repeated (stream copy): minutes of 1080p in seconds. */
const BASE_S = 60;

/**
 * A generated source from the bench cache (bench/cache/, git-ignored), made
 * once: up to 60 s it is encoded (makeSource()); a longer one is the 60 s
 * clip concatenated with itself by stream copy, so that ten minutes of 1080p
 * cost no more CPU than one. Callers must not modify the file.
 */
export async function cachedSource(spec: SourceSpec): Promise<string> {
  const codec = spec.codec ?? "h264";
  const ext = codec === "vp9" ? "webm" : "mp4";
  const name = (d: number) => `${codec}-${spec.width}x${spec.height}-${d}s.${ext}`;
  const path = `${CACHE_DIR}${name(spec.durationS)}`;
  if (await exists(path)) return path;
  await Deno.mkdir(CACHE_DIR, { recursive: true });
  const partial = `${path}.partial.${ext}`;
  if (spec.durationS <= BASE_S) {
    await makeSource(partial, spec);
  } else {
    const base = await cachedSource({ ...spec, durationS: BASE_S });
    const list = `${path}.list.txt`;
    const copies = Math.ceil(spec.durationS / BASE_S);
    await Deno.writeTextFile(list, `file '${base}'\n`.repeat(copies));
    await ffmpeg([
      ...["-v", "error", "-y", "-f", "concat", "-safe", "0", "-i", list],
      ...["-c", "copy", "-t", String(spec.durationS)],
      ...(ext === "mp4" ? ["-movflags", "+faststart"] : []),
      partial,
    ]);
    await Deno.remove(list);
  }
  await Deno.rename(partial, path);
  return path;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

async function ffmpeg(args: string[]): Promise<void> {
  const out = await new Deno.Command("ffmpeg", { args, stdout: "null", stderr: "piped" }).output();
  if (!out.success) throw new Error(new TextDecoder().decode(out.stderr));
}

/**
 * A generated source (testsrc2 + sine, 2 s GOP): H.264/AAC MP4 (web-safe) or
 * VP9/Opus WebM (libvpx realtime, the fastest it encodes).
 */
export async function makeSource(path: string, o: SourceSpec): Promise<string> {
  const video = o.codec === "vp9"
    ? [
      ...["-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-row-mt", "1"],
      ...["-b:v", "4M", "-g", "60", "-c:a", "libopus"],
    ]
    : [
      ...["-c:v", "libx264", "-preset", "ultrafast", "-crf", "18", "-pix_fmt", "yuv420p"],
      ...["-g", "60", "-c:a", "aac", "-movflags", "+faststart"],
    ];
  await ffmpeg([
    ...["-v", "error", "-y", "-f", "lavfi"],
    ...["-i", `testsrc2=size=${o.width}x${o.height}:rate=30:duration=${o.durationS}`],
    ...["-f", "lavfi", "-i", `sine=frequency=440:sample_rate=48000:duration=${o.durationS}`],
    ...video,
    path,
  ]);
  return path;
}
