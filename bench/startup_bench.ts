/**
 * Start-up benchmark: time from launching main.ts (embedded defaults) to the
 * first 200 on /healthz, with an empty data directory and with an existing one.
 */
import { freePort } from "../tests/_harness/postgres.ts";

import type { BenchOptions, BenchResult } from "./_types.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;

async function timeToHealthy(dataDir: string): Promise<number> {
  const port = freePort();
  const t0 = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN],
    env: { DATA_DIR: dataDir, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "error" },
    stdout: "null",
    stderr: "null",
  }).spawn();
  try {
    for (;;) {
      try {
        const r = await fetch(`http://127.0.0.1:${port}/healthz`);
        await r.body?.cancel();
        if (r.ok) return performance.now() - t0;
      } catch { /* not yet */ }
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    child.kill("SIGTERM");
    await child.status;
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs the start-up benchmark; `quick` does one run of each instead of three. */
export default async function run(options: BenchOptions): Promise<BenchResult> {
  const runs = options.quick ? 1 : 3;
  const empty: number[] = [];
  const existing: number[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = await Deno.makeTempDir({ prefix: "vf-bench-start-" });
    try {
      empty.push(await timeToHealthy(dir));
      existing.push(await timeToHealthy(dir));
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  }
  const s = (x: number) => Math.round(x) / 1000;
  return {
    tables: [{
      title: "Start-up: `deno run main.ts` on embedded defaults → first 200 on /healthz (median)",
      columns: ["data directory", "seconds", "runs", "comparison"],
      rows: [
        ["empty (creates PGlite, migrates)", s(median(empty)), empty.map(s).join(", "), "baseline"],
        [
          "existing",
          s(median(existing)),
          existing.map(s).join(", "),
          `${(median(empty) / median(existing)).toFixed(1)}× faster than empty`,
        ],
      ],
    }],
    data: { empty, existing },
  };
}
