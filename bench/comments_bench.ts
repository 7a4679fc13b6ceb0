/**
 * Comments at size (issue 13): one video with 100,000 comments (10,000 with
 * --quick) generated in SQL — nine in ten top-level, one in ten replies
 * spread over the busiest threads, one in a hundred held — and the first page
 * of its comments loaded through createApp().request() (GET
 * /api/v1/videos/:id/comments and the watch page), p95 against the goal.
 * Baseline: the same first pages with the comment indexes dropped.
 */
import { createApp } from "../app.ts";
import { setLogLevel } from "../lib/log.ts";
import { openTestServices } from "../tests/_harness/services.ts";
import { startPostgres } from "../tests/_harness/postgres.ts";
import type { BenchOptions, BenchResult } from "./_types.ts";
import { percentile, timeRuns } from "./_timing.ts";
import { explainAll, recordingClient } from "./_explain.ts";
import { commentSection } from "../lib/comments/list.ts";

const GOAL_MS = 20;
/** The watch page also renders the player, related videos and more: its own, looser goal. */
const PAGE_GOAL_MS = 100;

export default async function run(options: BenchOptions): Promise<BenchResult> {
  const size = options.quick ? 10_000 : 100_000;
  const runs = options.quick ? 100 : 300;
  const pg = await startPostgres();
  Deno.env.set("TEST_DATABASE_URL", pg.url);
  setLogLevel("warn");
  const s = await openTestServices();
  try {
    const sql = s.db.sql;
    const t0 = performance.now();
    const [{ id: owner }] = await sql<{ id: string }[]>`
      insert into users (email, password_hash, display_name)
      values ('owner@bench.test', 'x', 'Owner') returning id`;
    await sql`insert into users (email, password_hash, display_name)
      select 'u' || i || '@bench.test', 'x', 'Commenter ' || i from generate_series(1, 1000) i`;
    const [{ id: videoId }] = await sql<{ id: string }[]>`
      insert into videos (owner_id, title, visibility, status, playable_at, published_at)
      values (${owner}, 'Busy video', 'public', 'ready', now(), now()) returning id`;
    const threads = Math.round(size * 0.9);
    // Top-level comments over the past year, by 1,000 users, 1 % held.
    await sql`
      insert into comments (video_id, author_id, body, status, held_reason, created_at)
      select ${videoId}, u.id, 'Comment number ' || i || ' with a link https://example.com/' || i,
             case when i % 100 = 0 then 'held' else 'visible' end,
             case when i % 100 = 0 then 'review' end,
             date_trunc('milliseconds', now() - (i * interval '317 seconds'))
      from generate_series(1, ${threads}) i
      join lateral (select id from users where email = 'u' || (1 + i % 1000) || '@bench.test') u
        on true`;
    // Replies: over the 1,000 newest visible threads, skewed towards the first ones.
    await sql`
      with t as materialized (
        select id, row_number() over (order by created_at desc) as n from comments
        where video_id = ${videoId} and status = 'visible' order by created_at desc limit 1000
      ), r as materialized (
        select i, 1 + floor(power(random(), 3) * 1000)::int as n
        from generate_series(1, ${size - threads}) i
      )
      insert into comments (video_id, author_id, parent_id, body)
      select ${videoId}, u.id, t.id, 'Reply ' || r.i
      from r join t on t.n = r.n
      join lateral (select id from users where email = 'u' || (1 + r.i % 1000) || '@bench.test') u
        on true`;
    // Vacuumed now, so that autovacuum does not run over the first measurements.
    await sql`vacuum (analyze) comments, videos, users`;
    const seedS = (performance.now() - t0) / 1000;
    const [{ count }] = await sql<{ count: number }[]>`
      select comment_count as count from videos where id = ${videoId}`;

    // Many requests from one client in a minute: the API limits would answer 429.
    const app = createApp(s, { rateLimits: { apiIp: 1e9, apiUser: 1e9 } });
    const get = async (path: string) => {
      const res = await app.request(path);
      if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
      return await res.text();
    };
    const api = `/api/v1/videos/${videoId}/comments`;
    // A cursor 50 pages deep, and the busiest thread's replies.
    let cursor = "";
    for (let i = 0; i < 50; i++) {
      cursor = JSON.parse(await get(`${api}${cursor ? `?cursor=${cursor}` : ""}`)).nextCursor;
      cursor = encodeURIComponent(cursor);
    }
    const busiest = JSON.parse(await get(`${api}?sort=top`)).comments[0];
    const cases: [string, string, number][] = [
      ["first page, newest (API)", api, GOAL_MS],
      ["first page, top (API)", `${api}?sort=top`, GOAL_MS],
      ["page 51, newest (API, cursor)", `${api}?cursor=${cursor}`, GOAL_MS],
      [
        `replies of the busiest thread (${busiest.replyCount})`,
        `/api/v1/comments/${busiest.id}/replies`,
        GOAL_MS,
      ],
      ["watch page with its first page of comments", `/v/${videoId}`, PAGE_GOAL_MS],
      [
        "floor: GET /api/v1/videos/:id (same middleware, 2 queries)",
        `/api/v1/videos/${videoId}`,
        0,
      ],
    ];
    const data: Record<string, number[]> = {};
    const measured = new Map<string, number>();
    for (const [label, path] of cases) {
      data[label] = await timeRuns(() => get(path), runs);
      measured.set(label, percentile(data[label], 0.95));
    }
    // The same first page without HTTP: how much of the time is the database's.
    data["lib only"] = await timeRuns(
      () => commentSection(sql, { videoId, viewer: undefined }),
      runs,
    );
    // Which indexes the first page's statements use.
    const rec = recordingClient(s.config.database.url!);
    const planRows: (string | number)[][] = [];
    for (const sort of ["newest", "top"] as const) {
      await commentSection(rec.sql, { videoId, viewer: undefined, sort });
      const plans = await explainAll(sql, rec.take());
      planRows.push(...plans.map((p, i) => [sort, i + 1, p.scans.join(", ") || "—", p.ms]));
    }
    await rec.sql.end({ timeout: 1 });
    // Baseline: the same first pages without the indexes that serve them.
    await sql`drop index comments_video_new`;
    await sql`drop index comments_video_top`;
    await sql`analyze comments`;
    const baseline = new Map<string, number>();
    for (const [label, path] of cases.slice(0, 2)) {
      baseline.set(label, percentile(await timeRuns(() => get(path), Math.min(runs, 50)), 0.95));
    }
    const rows = cases.map(([label, , goal]) => {
      const p95 = measured.get(label)!;
      return [
        label,
        percentile(data[label], 0.5),
        p95,
        goal ? `< ${goal}` : "—",
        goal ? (p95 < goal ? "met" : "MISSED") : "—",
        baseline.get(label) ?? "—",
      ];
    });
    const lib = data["lib only"];
    rows.push([
      "first page, newest: lib/comments only (no HTTP)",
      percentile(lib, 0.5),
      percentile(lib, 0.95),
      "—",
      "—",
      "—",
    ]);
    return {
      tables: [{
        title: `Comments of one video: ${size.toLocaleString("en")} comments ` +
          `(${count.toLocaleString("en")} visible), seeded in ${seedS.toFixed(1)} s; ` +
          `${runs} runs after warm-up, anonymous, through createApp().request()`,
        columns: ["request", "p50 ms", "p95 ms", "goal p95 ms", "goal", "baseline p95 ms"],
        rows,
        note: "Baseline: the same request with comments_video_new and comments_video_top " +
          "dropped (migrations/0014_comments.sql), i.e. before the keyset indexes.",
      }, {
        title: "EXPLAIN (ANALYZE): scans per statement of the first page (commentSection)",
        columns: ["sort", "statement", "scans", "execution ms"],
        rows: planRows,
      }],
      data,
    };
  } finally {
    await s.close();
    await pg.stop();
  }
}
