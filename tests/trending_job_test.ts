/** Trending computed once for every process: the workers' job stores it, pages read it. */
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import type { Sql } from "../lib/db/mod.ts";
import { type Runner, startRunner } from "../lib/queue/runner.ts";
import { storedTrending, trendingIds } from "../lib/videos/trending_table.ts";
import { housekeeping } from "../workers/housekeeping.ts";
import { addUser, addVideo } from "./_harness/search_catalog.ts";
import { openTestServices } from "./_harness/services.ts";

const views = (sql: Sql, id: string, n: number, ago: string) =>
  sql`insert into video_view_events (video_id, at)
      select ${id}, now() - ${ago}::interval from generate_series(1, ${n})`;

/** The ids on the home page's trending shelf, in order. */
async function shelf(app: ReturnType<typeof createApp>): Promise<string[]> {
  const html = await (await app.request("/")).text();
  const part = html.slice(html.indexOf('id="shelf-trending"'), html.indexOf('id="shelf-newest"'));
  return [...new Set([...part.matchAll(/href="\/v\/([0-9a-f-]{36})"/g)].map((m) => m[1]))];
}

Deno.test("the workers' rank_trending job stores the ranking that every home page reads", async () => {
  const s = await openTestServices();
  const chores = housekeeping({ sql: s.db.sql, storage: s.storage }, {
    sweepEveryMs: 3_600_000,
    retentionMs: 3_600_000,
  });
  let runner: Runner | undefined;
  try {
    const sql = s.db.sql;
    // The job is one of the recurring chores, every minute.
    assert.equal(chores.schedules.find((x) => x.name === "rank_trending")?.everyMs, 60_000);
    const u = await addUser(sql, "Trendy");
    const a = await addVideo(sql, u, { title: "A" });
    const b = await addVideo(sql, u, { title: "B" });
    const hidden = await addVideo(sql, u, { title: "Hidden", visibility: "private" });
    await views(sql, a, 10, "1 hour");
    await views(sql, b, 3, "1 hour");
    await views(sql, hidden, 50, "1 hour");
    // A worker starts after the views are in (its first slot runs at once).
    runner = startRunner(s.db.sql, {
      workerId: "w1",
      concurrency: 1,
      pollMs: 20,
      leaseMs: 5000,
      retryBaseMs: 10,
      jobs: chores.jobs,
      schedules: chores.schedules.filter((x) => x.name === "rank_trending"),
    });

    // The first slot runs at once: the ranking lands in the table, best first, public only.
    let stored: string[] | undefined;
    for (let i = 0; i < 1000 && !stored; i++) {
      stored = await storedTrending(sql, 10);
      if (!stored) await new Promise((r) => setTimeout(r, 20));
    }
    assert.deepEqual(stored, [a, b]);

    // Pages read the stored ranking: views since then change nothing until the next run.
    const app = createApp(s);
    await views(sql, b, 40, "10 minutes");
    assert.deepEqual(await shelf(app), [a, b]);
    // The next slot (as if a minute had passed) stores the new order, and pages follow.
    await sql`update job_schedules set next_run_at = now() where name = 'rank_trending'`;
    for (let i = 0; i < 1000 && (await storedTrending(sql, 10))?.[0] !== b; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.deepEqual(await storedTrending(sql, 10), [b, a]);
    assert.deepEqual(await shelf(app), [b, a]);
  } finally {
    await runner?.stop();
    await s.close();
  }
});

Deno.test("with nothing stored, or a stale ranking, pages rank trending themselves", async () => {
  const s = await openTestServices();
  try {
    const sql = s.db.sql;
    const u = await addUser(sql, "Fresh");
    const a = await addVideo(sql, u, { title: "A" });
    const b = await addVideo(sql, u, { title: "B" });
    await views(sql, a, 2, "1 hour");
    await views(sql, b, 5, "1 hour");
    const ids = trendingIds(sql, { limit: 10, ttlMs: 0 });
    // A fresh start: the table is empty, so the ranking is computed here.
    assert.equal(await storedTrending(sql, 10), undefined);
    assert.deepEqual(await ids(), [b, a]);
    // A ranking from a job that stopped running long ago is not trusted.
    await sql`insert into trending_videos (rank, video_id, score, ranked_at)
              values (1, ${a}, 1, now() - interval '1 hour')`;
    assert.equal(await storedTrending(sql, 10), undefined);
    assert.deepEqual(await ids(), [b, a]);
    // A fresh stored ranking wins over computing (here it disagrees on purpose).
    await sql`update trending_videos set ranked_at = now()`;
    assert.deepEqual(await ids(), [a]);
  } finally {
    await s.close();
  }
});
