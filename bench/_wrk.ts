/** Runs wrk against a loopback URL and reads its summary. */
export interface WrkResult {
  requestsPerSecond: number;
  transferPerSecond: string;
  p50: string;
  p99: string;
  errors: number;
}

/** wrk -t2 -c{connections} -d{seconds}s --latency URL. */
export async function wrk(
  url: string,
  options: { seconds: number; connections?: number },
): Promise<WrkResult> {
  const out = await new Deno.Command("wrk", {
    args: ["-t2", `-c${options.connections ?? 50}`, `-d${options.seconds}s`, "--latency", url],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  if (!out.success) throw new Error(`wrk failed: ${new TextDecoder().decode(out.stderr)}`);
  const pick = (re: RegExp) => re.exec(text)?.[1] ?? "?";
  const errors = [
    ...text.matchAll(
      /Non-2xx or 3xx responses: (\d+)|Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/g,
    ),
  ]
    .flatMap((m) => m.slice(1).filter(Boolean).map(Number)).reduce((a, b) => a + b, 0);
  return {
    requestsPerSecond: Number(pick(/Requests\/sec:\s+([\d.]+)/)),
    transferPerSecond: pick(/Transfer\/sec:\s+(\S+)/),
    p50: pick(/\s50%\s+(\S+)/),
    p99: pick(/\s99%\s+(\S+)/),
    errors,
  };
}
