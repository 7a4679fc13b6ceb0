/**
 * Media tools run on hostile input as bounded children: their output is read
 * as a stream (never buffered whole: FIELD_NOTES measured 1.18 GB of RSS for
 * 15.7 MB of ffprobe lines), they are killed at a wall-clock limit or when the
 * reader has seen enough, and their address space is capped with util-linux
 * `prlimit` when it is installed, so that a file cannot make the tool itself
 * take the host's memory either.
 */

/** How a bounded run ended. */
export interface ChildOutcome {
  /** The tool's exit code (a killed tool has none that matters). */
  code: number;
  success: boolean;
  /** Why we killed it: the reader asked to stop, or the time ran out. */
  stopped?: "reader" | "timeout";
  /** The last few KB of stderr, for logs (never shown to people). */
  stderr: string;
}

/** Options of streamLines(). */
export interface ChildLimits {
  /** Wall-clock limit; the child is killed (SIGKILL) when it passes. */
  timeoutMs: number;
  /** Address-space cap for the child (prlimit --as), when prlimit exists. */
  memoryBytes?: number;
  /** Longest stdout line accepted; a longer one stops the run (the reader sees nothing of it). */
  maxLineBytes?: number;
  /**
   * Called with each stdout line (its bytes, without the newline; a view that
   * is only valid during the call, so that no string is made per line unless
   * the reader wants one); return false to stop the child at once.
   */
  onLine(line: Uint8Array): boolean | void;
}

let prlimitAvailable: Promise<boolean> | undefined;

/** Whether util-linux prlimit can wrap children (checked once per process). */
export function hasPrlimit(): Promise<boolean> {
  prlimitAvailable ??= new Deno.Command("prlimit", {
    args: ["--version"],
    stdout: "null",
    stderr: "null",
  }).output().then((o) => o.success, () => false);
  return prlimitAvailable;
}

/**
 * Runs `command` with `args`, handing stdout to `onLine` line by line and
 * keeping nothing else but a short stderr tail. Resolves when the child has
 * exited, including when it was killed for a limit; throws Deno.errors.NotFound
 * when the tool cannot be run at all (so that callers tell a broken tool from
 * a bad file).
 */
export async function streamLines(
  command: string,
  args: string[],
  limits: ChildLimits,
): Promise<ChildOutcome> {
  const capped = limits.memoryBytes && await hasPrlimit();
  const child = new Deno.Command(capped ? "prlimit" : command, {
    // prlimit sets the limit and execs the tool: same pid, so kill() reaches it.
    args: capped ? [`--as=${limits.memoryBytes}`, "--", command, ...args] : args,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let stopped: ChildOutcome["stopped"];
  const kill = (why: NonNullable<ChildOutcome["stopped"]>) => {
    stopped ??= why;
    try {
      child.kill("SIGKILL");
    } catch { /* already gone */ }
  };
  const timer = setTimeout(() => kill("timeout"), limits.timeoutMs);
  try {
    const [, stderr, status] = await Promise.all([
      readLines(child.stdout, limits, () => kill("reader")),
      readTail(child.stderr),
      child.status,
    ]);
    if (capped && (status.code === 126 || status.code === 127) && /prlimit:/.test(stderr)) {
      // The tool itself could not be run (missing, not executable): the same error as unwrapped.
      throw new Deno.errors.NotFound(`${command} could not be run: ${stderr.trim()}`);
    }
    return { code: status.code, success: status.success && !stopped, stopped, stderr };
  } finally {
    clearTimeout(timer);
  }
}

async function readLines(
  stream: ReadableStream<Uint8Array>,
  limits: ChildLimits,
  stop: () => void,
) {
  const maxLine = limits.maxLineBytes ?? 64 * 1024;
  // The start of a line that a chunk cut off; only this is ever copied.
  let pending: Uint8Array = new Uint8Array(0);
  let done = false;
  for await (const chunk of stream) {
    // Once stopped, drain (the child is dying) without looking.
    if (done) continue;
    let start = 0;
    for (let nl = chunk.indexOf(10); nl >= 0 && !done; nl = chunk.indexOf(10, start)) {
      let line = chunk.subarray(start, nl);
      if (pending.length) {
        line = concat(pending, line);
        pending = new Uint8Array(0);
      }
      start = nl + 1;
      if (limits.onLine(line) === false) done = true;
    }
    if (!done) pending = concat(pending, chunk.subarray(start));
    if (pending.length > maxLine) done = true;
    if (done) stop();
  }
  if (!done && pending.length) limits.onLine(pending);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** The last 4 KB of a stream (a tool's stderr), read to its end. */
export async function readTail(stream: ReadableStream<Uint8Array>): Promise<string> {
  let tail = "";
  const decoder = new TextDecoder();
  for await (const chunk of stream) {
    tail = (tail + decoder.decode(chunk, { stream: true })).slice(-4000);
  }
  return tail;
}
