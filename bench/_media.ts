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

/** A generated web-safe H.264/AAC source (testsrc2 + sine, 2 s GOP). */
export async function makeSource(
  path: string,
  o: { width: number; height: number; durationS: number },
): Promise<string> {
  const out = await new Deno.Command("ffmpeg", {
    args: [
      "-v",
      "error",
      "-y",
      "-f",
      "lavfi",
      "-i",
      `testsrc2=size=${o.width}x${o.height}:rate=30:duration=${o.durationS}`,
      "-f",
      "lavfi",
      "-i",
      `sine=frequency=440:sample_rate=48000:duration=${o.durationS}`,
      "-c:v",
      "libx264",
      "-preset",
      "ultrafast",
      "-crf",
      "18",
      "-pix_fmt",
      "yuv420p",
      "-g",
      "60",
      "-c:a",
      "aac",
      "-movflags",
      "+faststart",
      path,
    ],
    stderr: "piped",
  }).output();
  if (!out.success) throw new Error(new TextDecoder().decode(out.stderr));
  return path;
}
