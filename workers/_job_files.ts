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

/** A progress report: the percent and what goes with it (a stage), written together. */
export interface Report {
  percent: number;
  detail?: Record<string, unknown>;
}

/**
 * Progress reporting that writes at most once a second (and on flush), so that
 * ffmpeg's twice-a-second progress lines do not become a stream of UPDATEs. A
 * report whose stage differs from the last one written goes out at once, so
 * that a short stage is seen. The percent written never goes down.
 */
export function throttledProgress(
  write: (report: Report) => Promise<void>,
  options: { everyMs?: number } = {},
): ((report: Report) => void) & { flush(): Promise<void> } {
  const every = options.everyMs ?? 1000;
  let latest: Report | undefined;
  let written = "", writtenStage: unknown, last = 0;
  let chain = Promise.resolve();
  const push = () => {
    if (!latest) return;
    const value = { ...latest, percent: Math.round(latest.percent * 10) / 10 };
    const key = JSON.stringify(value);
    if (key === written) return;
    written = key;
    writtenStage = value.detail?.stage;
    last = Date.now();
    chain = chain.then(() => write(value)).catch(() => {});
  };
  const report = (r: Report) => {
    const percent = Math.max(latest?.percent ?? -1, Math.min(100, r.percent));
    latest = { ...r, percent };
    if (Date.now() - last >= every || r.detail?.stage !== writtenStage) push();
  };
  return Object.assign(report, {
    flush: async () => {
      push();
      await chain;
    },
  });
}
