import assert from "node:assert/strict";
import { z } from "zod";
import { defineJob } from "./define.ts";
import { startRunner } from "./runner.ts";
import { defineSchedule } from "./schedule.ts";
import { withDb } from "./_test_db.ts";

Deno.test("a recurring job runs once per slot however many runners share the schedule", async () => {
  await withDb(async (sql) => {
    const runs: string[] = [];
    const tick = defineJob({
      kind: "tick",
      payload: z.object({}),
      handler: (ctx) => {
        runs.push(ctx.job.id);
        return Promise.resolve();
      },
    });
    const schedules = [
      defineSchedule({ name: "tick", everyMs: 3_600_000, kind: tick, payload: {} }),
    ];
    const opts = { concurrency: 2, pollMs: 20, leaseMs: 1000, retryBaseMs: 10, jobs: [tick] };
    const runners = [1, 2, 3].map((n) =>
      startRunner(sql, { ...opts, workerId: `w${n}`, schedules })
    );
    try {
      const waitRuns = async (n: number) => {
        for (let i = 0; i < 750 && runs.length < n; i++) {
          await new Promise((r) => setTimeout(r, 20));
        }
      };
      await waitRuns(1);
      // Every runner has had several chances to claim the first slot by now.
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(runs.length, 1, "the first slot ran once");
      // The next slot comes (as if an hour had passed): again exactly one run.
      await sql`update job_schedules set next_run_at = now() where name = 'tick'`;
      await waitRuns(2);
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(runs.length, 2, "the second slot ran once");
      assert.equal(new Set(runs).size, 2);
      const [s] = await sql`select next_run_at > now() + interval '59 minutes' as later
        from job_schedules where name = 'tick'`;
      assert.equal(s.later, true, "the next slot is a period away");
    } finally {
      await Promise.all(runners.map((r) => r.stop()));
    }
  });
});
