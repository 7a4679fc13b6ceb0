/** Live streaming tests: an encoder pushing RTMP as OBS would, and polling helpers. */

/** A running test encoder. */
export interface Encoder {
  /** Resolves with ffmpeg's exit (success false: refused or cut off). */
  done: Promise<Deno.CommandStatus>;
  stop(): Promise<void>;
}

/**
 * Pushes a generated stream over RTMP like OBS: H.264 (2 s keyframes) + AAC,
 * in real time (-re), small (320x180) and ultrafast so it costs little CPU.
 */
export function pushRtmp(url: string, options: { durationS: number }): Encoder {
  const child = new Deno.Command("ffmpeg", {
    args: [
      "-hide_banner",
      "-loglevel",
      "error",
      "-re",
      "-f",
      "lavfi",
      "-i",
      `testsrc2=size=320x180:rate=30:duration=${options.durationS}`,
      "-f",
      "lavfi",
      "-i",
      `sine=frequency=440:sample_rate=44100:duration=${options.durationS}`,
      "-c:v",
      "libx264",
      "-preset",
      "ultrafast",
      "-tune",
      "zerolatency",
      "-pix_fmt",
      "yuv420p",
      "-g",
      "60",
      "-keyint_min",
      "60",
      "-sc_threshold",
      "0",
      "-b:v",
      "300k",
      "-c:a",
      "aac",
      "-b:a",
      "64k",
      "-f",
      "flv",
      url,
    ],
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  const done = child.status;
  return {
    done,
    async stop() {
      try {
        child.kill("SIGKILL");
      } catch { /* already gone */ }
      await done;
    },
  };
}

/** Polls `probe` until it answers something truthy (or throws after `timeoutMs`). */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 60_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const value = await probe();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}
