/**
 * The job ledger's claim under a backlog: claim + complete with N ready jobs
 * spread over 100 owners, and an idle poll that finds every owner at its
 * per-owner limit (what idle workers pay while one user's backlog waits).
 */
import { setLogLevel } from "../lib/log.ts";
import { claimJob, completeJob } from "../lib/queue/mod.ts";
import { migrate, MIGRATIONS_DIR, readMigrations } from "../lib/db/migrate.ts";
import { freshDatabase } from "../tests/_harness/db.ts";
import { startPostgres } from "../tests/_harness/postgres.ts";
import type { BenchOptions, BenchResult } from "./_types.ts";

/** Goal: a claim well under a poll interval (200 ms) even with a large backlog. */
const GOAL_MS = 10;
/** The first version sorted every ready job per claim (measured 2026-11-22, same machine). */
const BASELINE_MS: Record<number, number> = { 1000: 3.7, 10000: 17.3, 50000: 52.3 };

export default async function run(options: BenchOptions): Promise<BenchResult> {
  const pg = await startPostgres();
  Deno.env.set("TEST_DATABASE_URL", pg.url);
  setLogLevel("warn");
  const rows: (string | number)[][] = [];
  const data: unknown[] = [];
  try {
    const db = await freshDatabase({ max: 2 });
    const sql = db.sql;
    try {
      await migrate(sql, await readMigrations(MIGRATIONS_DIR));
      const claim = () =>
        claimJob(sql, "bench", {
          leaseMs: 60_000,
          kinds: ["t"],
          ownerLimit: 2,
          shortCost: 3e9,
          lane: "prefer-short",
        });
      const samples = options.quick ? 20 : 100;
      for (const backlog of options.quick ? [1000, 10000] : [1000, 10000, 50000]) {
        await sql`delete from jobs`;
        await sql`
          insert into jobs (kind, payload, owner_id, cost)
          select 't', '{}', 'o' || (i % 100), (i % 7) * 1e9 from generate_series(1, ${backlog}) i`;
        await sql`analyze jobs`;
        let t0 = performance.now();
        for (let i = 0; i < samples; i++) await completeJob(sql, (await claim())!);
        const claimMs = (performance.now() - t0) / samples;
        // Every owner at its limit: what an idle worker's poll costs while they wait.
        for (let k = 0; k < 2; k++) {
          await sql`
            update jobs set state = 'running', lease_expires_at = now() + interval '1 hour'
            where id in (select distinct on (owner_id) id from jobs where state = 'ready')`;
        }
        t0 = performance.now();
        for (let i = 0; i < samples; i++) await claim();
        const idleMs = (performance.now() - t0) / samples;
        rows.push([backlog, claimMs, idleMs, GOAL_MS, BASELINE_MS[backlog] ?? "—"]);
        data.push({ backlog, claimMs, idleMs });
      }
    } finally {
      await db.drop();
    }
  } finally {
    await pg.stop();
  }
  return {
    tables: [{
      title: "Claim cost with a backlog of ready jobs (100 owners, per-owner limit 2)",
      columns: ["ready jobs", "claim+complete ms", "idle poll ms", "goal ms", "baseline ms"],
      rows,
      note: "Baseline: the first claim query, which sorted every ready job (claim+complete).",
    }],
    data,
  };
}
