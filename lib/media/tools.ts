/** Whether ffmpeg and ffprobe can run, with one sentence naming the fix if not. */
export async function checkMediaTools(
  options: { ffmpegPath: string; ffprobePath: string },
): Promise<{ ok: true; version: string } | { ok: false; problem: string }> {
  const missing: string[] = [];
  let version = "";
  for (const [name, path] of [["ffmpeg", options.ffmpegPath], ["ffprobe", options.ffprobePath]]) {
    try {
      const out = await new Deno.Command(path, {
        args: ["-version"],
        stdout: "piped",
        stderr: "null",
      })
        .output();
      if (!out.success) missing.push(name);
      else if (name === "ffmpeg") version = new TextDecoder().decode(out.stdout).split("\n")[0];
    } catch {
      missing.push(name);
    }
  }
  if (missing.length === 0) return { ok: true, version };
  return {
    ok: false,
    problem:
      `${missing.join(" and ")} not found: install FFmpeg (\`sudo apt-get install ffmpeg\`) ` +
      `or set FFMPEG_PATH/FFPROBE_PATH; uploads will wait until a worker with FFmpeg runs.`,
  };
}
