/** Registers bench/uploads.ts with the dispatcher (`deno task bench uploads`). */
import type { BenchOptions, BenchResult } from "./_types.ts";
import { benchUploads } from "./uploads.ts";

export default async function run(options: BenchOptions): Promise<BenchResult> {
  const rows = await benchUploads(options);
  return {
    tables: [{
      title: "Web tier RSS while receiving local-mode uploads (server in its own process)",
      columns: [
        "scenario",
        "GB received",
        "seconds",
        "baseline MB",
        "peak growth MB",
        "MB/s",
        "503 retries",
        "429 retries",
      ],
      rows: rows.map((r) => [
        r.scenario,
        r.bytes / 1e9,
        r.seconds,
        r.baselineMb,
        r.peakGrowthMb,
        r.mbPerSecond,
        r.retriedParts,
        r.retriedReports,
      ]),
      note: "Goal: peak growth under 100 MB. Baseline before issue 18's P6 receive cap: 20 × 200 " +
        "MB 252–331 MB, one 1 GiB 54–56 MB. 8 MiB parts, 4 in flight per file; receive cap " +
        "UPLOAD_RECEIVE_CONCURRENCY (default 8), a full GC every UPLOAD_RECEIVE_GC_MIB (1024). " +
        "Loaded machine: compare rows of one run.",
    }],
    data: rows,
  };
}
