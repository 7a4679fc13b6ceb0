/**
 * Start-up benchmark: time from launching main.ts (embedded defaults) to the
 * first 200 on /healthz, with an empty data directory and with an existing one.
 */
import { freePort } from "../tests/_harness/postgres.ts";

/** One row of a benchmark table. */
export interface BenchRow {
  name: string;
  value: string;
  comparison: string;
}

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
export async function benchStartup(options: { quick: boolean }): Promise<BenchRow[]> {
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
  const ms = (x: number) => `${(x / 1000).toFixed(2)} s`;
  return [
    {
      name: "start → /healthz 200, empty ./data",
      value: ms(median(empty)),
      comparison: `runs: ${empty.map(ms).join(", ")}`,
    },
    {
      name: "start → /healthz 200, existing ./data",
      value: ms(median(existing)),
      comparison: `${(median(empty) / median(existing)).toFixed(1)}× faster than empty`,
    },
  ];
}

if (import.meta.main) {
  const rows = await benchStartup({ quick: Deno.args.includes("--quick") });
  console.table(rows);
}
