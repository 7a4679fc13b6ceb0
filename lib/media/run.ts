import { hasPrlimit, readTail } from "./child.ts";

/** Raised when ffmpeg exits with an error; the message ends with its last stderr lines. */
export class FfmpegError extends Error {
  override name = "FfmpegError";
}

/**
 * Runs ffmpeg and waits for it. With `-progress pipe:1` in the arguments,
 * `onProgress` receives the fraction done (0…1) of `durationS`. The process is
 * killed (SIGTERM, then SIGKILL after 2 s) when `signal` aborts, and the
 * signal's reason is thrown. If this process dies, ffmpeg's next progress
 * write hits a closed pipe and ffmpeg dies too, so no encode outlives its
 * worker for more than a moment. With `memoryBytes`, ffmpeg's address space
 * is capped (util-linux `prlimit --as`, when installed, like the probe's
 * children), so that one encode cannot take the host's memory: past the cap
 * its allocations fail and it exits with an error.
 */
export async function runFfmpeg(
  args: string[],
  options: {
    ffmpegPath: string;
    signal?: AbortSignal;
    durationS?: number;
    onProgress?: (fraction: number) => void;
    /** Address-space cap (prlimit --as), when prlimit exists. */
    memoryBytes?: number;
  },
): Promise<void> {
  options.signal?.throwIfAborted();
  const capped = options.memoryBytes && await hasPrlimit();
  // prlimit sets the limit and execs ffmpeg: same pid, so kill() below reaches ffmpeg itself.
  const child = new Deno.Command(capped ? "prlimit" : options.ffmpegPath, {
    args: capped ? [`--as=${options.memoryBytes}`, "--", options.ffmpegPath, ...args] : args,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let killTimer: ReturnType<typeof setTimeout> | undefined;
  const onAbort = () => {
    try {
      child.kill("SIGTERM");
      killTimer = setTimeout(() => {
        try {
          child.kill("SIGKILL");
        } catch { /* already gone */ }
      }, 2000);
    } catch { /* already gone */ }
  };
  options.signal?.addEventListener("abort", onAbort, { once: true });
  const [, stderr, status] = await Promise.all([
    readProgress(child.stdout, options),
    readTail(child.stderr),
    child.status,
  ]).finally(() => {
    options.signal?.removeEventListener("abort", onAbort);
    clearTimeout(killTimer);
  });
  options.signal?.throwIfAborted();
  if (!status.success) {
    const tail = stderr.trim().split("\n").slice(-3).join(" / ");
    throw new FfmpegError(`ffmpeg failed (exit ${status.code})${tail ? `: ${tail}` : ""}`);
  }
}

async function readProgress(
  stream: ReadableStream<Uint8Array>,
  options: { durationS?: number; onProgress?: (fraction: number) => void },
) {
  let buffered = "";
  const decoder = new TextDecoder();
  for await (const chunk of stream) {
    buffered += decoder.decode(chunk, { stream: true });
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) {
      const m = /^out_time_us=(\d+)/.exec(line);
      if (m && options.durationS && options.onProgress) {
        options.onProgress(Math.min(1, Number(m[1]) / 1e6 / options.durationS));
      }
    }
  }
}
