/**
 * A job's private temporary directory. Directories left by an earlier attempt
 * of the same job (a worker killed on this host) are removed first.
 */
export async function makeJobDir(root: string | undefined, jobId: string): Promise<string> {
  const dir = root ?? (Deno.env.get("TMPDIR") || "/tmp");
  await Deno.mkdir(dir, { recursive: true });
  const prefix = `vf-job-${jobId}-`;
  for await (const e of Deno.readDir(dir)) {
    if (e.isDirectory && e.name.startsWith(prefix)) {
      await Deno.remove(`${dir}/${e.name}`, { recursive: true }).catch(() => {});
    }
  }
  const made = await Deno.makeTempDir({ dir, prefix });
  await Deno.mkdir(`${made}/out`);
  return made;
}

/**
 * Progress reporting that writes at most once a second (and on flush), so that
 * ffmpeg's twice-a-second progress lines do not become a stream of UPDATEs.
 */
export function throttledProgress(
  write: (percent: number) => Promise<void>,
  options: { everyMs?: number } = {},
): ((percent: number) => void) & { flush(): Promise<void> } {
  const every = options.everyMs ?? 1000;
  let latest = -1, written = -1, last = 0;
  let chain = Promise.resolve();
  const push = () => {
    const value = Math.round(latest * 10) / 10;
    if (value === written) return;
    written = value;
    last = Date.now();
    chain = chain.then(() => write(value)).catch(() => {});
  };
  const report = (percent: number) => {
    latest = Math.max(latest, Math.min(100, percent));
    if (Date.now() - last >= every) push();
  };
  return Object.assign(report, {
    flush: async () => {
      if (latest >= 0) push();
      await chain;
    },
  });
}
