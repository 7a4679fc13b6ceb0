/**
 * Analytics at size (issue 16), on a real PostgreSQL 15:
 * 1. ingest: POST /api/v1/events through createApp().request() with 1, 4 and
 *    16 requests in flight, batches of 20 events; events/s accepted and the
 *    request p95 against the 50 ms goal;
 * 2. rollup: 10,000,000 raw events (1,000,000 with --quick) over 10 days of
 *    1,000 videos, generated in SQL; the time of the rollup of all ten days,
 *    and of a re-run (idempotent: the same rows);
 * 3. the creator analytics page of a channel with 1,000 videos and a year of
 *    rollups (200 with --quick), 28 and 365 days, p50/p95.
 * Figures on a shared 2-core machine are indicative only.
 */
import { createApp } from "../app.ts";
import type { Sql } from "../lib/db/mod.ts";
import { addDays, ensurePartitions, utcDay } from "../lib/analytics/partitions.ts";
import { rollupDay } from "../lib/analytics/rollup.ts";
import { setLogLevel } from "../lib/log.ts";
import { startPostgres } from "../tests/_harness/postgres.ts";
import { openTestServices } from "../tests/_harness/services.ts";
import { tokenUser } from "../tests/_harness/social_users.ts";
import { percentile, timeRuns, verdict } from "./_timing.ts";
import type { BenchOptions, BenchResult } from "./_types.ts";

const INGEST_GOAL_MS = 50;
const PAGE_GOAL_MS = 500;
const ROLLUP_DAYS = 10;

export default async function run(options: BenchOptions): Promise<BenchResult> {
  const events = options.quick ? 1_000_000 : 10_000_000;
  const channelVideos = options.quick ? 200 : 1_000;
  const batches = options.quick ? 400 : 2_000;
  const pg = await startPostgres();
  Deno.env.set("TEST_DATABASE_URL", pg.url);
  setLogLevel("warn");
  const s = await openTestServices();
  const sql = s.db.sql;
  try {
    const app = createApp(s, { rateLimits: { apiIp: 1e9, apiUser: 1e9 } });
    const creator = await tokenUser({ sql, authSecret: s.authSecret }, { role: "creator" });
    await sql`insert into videos (owner_id, title, visibility, status, duration_s, playable_at)
      select ${creator.id}, 'Video ' || i, 'public', 'ready', 300, now()
      from generate_series(1, ${channelVideos}) i`;
    const videos = (await sql<{ id: string }[]>`select id from videos order by id`).map((v) =>
      v.id
    );

    // 1. Ingest, at 1, 4 and 16 requests in flight: the throughput at which p95 stays under 50 ms.
    const ingest = [];
    for (const clients of [1, 4, 16]) {
      ingest.push({ clients, ...await measureIngest(app, videos, { batches, clients }) });
    }
    // 2. Rollup of `events` raw events.
    const rollup = await measureRollup(sql, videos, events);
    // 3. The creator page over a year of rollups.
    const seedStart = performance.now();
    await seedYear(sql, creator.id);
    const seedMs = performance.now() - seedStart;
    const page = async (query: string) => {
      const res = await app.request(`/studio/analytics?${query}`, { headers: creator.auth });
      if (res.status !== 200) throw new Error(`page: ${res.status}`);
      await res.text();
    };
    const runs = options.quick ? 10 : 30;
    const today = utcDay(Date.now());
    const month = await timeRuns(() => page("range=28"), runs);
    const year = await timeRuns(() => page(`from=${addDays(today, -364)}&to=${today}`), runs);
    const pageRow = (label: string, xs: number[]) => [
      label,
      percentile(xs, 0.5),
      percentile(xs, 0.95),
      PAGE_GOAL_MS,
      verdict(percentile(xs, 0.95), PAGE_GOAL_MS),
    ];
    return {
      tables: [
        {
          title: `Ingest: POST /api/v1/events (${batches} batches of 20 events per row)`,
          columns: [
            "requests in flight",
            "events/s accepted",
            "p50 ms",
            "p95 ms",
            "goal p95 ms",
            "verdict",
          ],
          rows: ingest.map((r) => [
            r.clients,
            r.eventsPerS,
            r.p50,
            r.p95,
            INGEST_GOAL_MS,
            verdict(r.p95, INGEST_GOAL_MS),
          ]),
          note: "Each request: zod, the per-session limit (KV), the video's visibility, " +
            "and one statement: the session upsert and the events' INSERT … ON CONFLICT DO NOTHING.",
        },
        {
          title: `Rollup: ${events.toLocaleString("en-US")} raw events over ${ROLLUP_DAYS} days`,
          columns: ["step", "seconds", "events/s"],
          rows: [
            ["generate raw events (SQL, not timed as rollup)", rollup.seedS, ""],
            ["rollup, all days", rollup.firstS, Math.round(events / rollup.firstS)],
            ["re-run (same rows: idempotent)", rollup.againS, Math.round(events / rollup.againS)],
          ],
          note: `Rows equal after the re-run: ${rollup.same}.`,
        },
        {
          title: `Creator page: /studio/analytics, ${channelVideos} videos, a year of rollups ` +
            `(seeded in ${(seedMs / 1000).toFixed(1)} s)`,
          columns: ["range", "p50 ms", "p95 ms", "goal p95 ms", "verdict"],
          rows: [pageRow("28 days", month), pageRow("365 days", year)],
        },
      ],
      data: { ingest, rollup, month, year },
    };
  } finally {
    await s.close();
    await pg.stop();
  }
}

async function measureIngest(
  app: ReturnType<typeof createApp>,
  videos: string[],
  options: { batches: number; clients: number },
) {
  const { batches } = options;
  const lat: number[] = [];
  let accepted = 0;
  let next = 0;
  // A session stays on one video (another video under its id would be refused).
  const session = () => ({
    id: crypto.randomUUID(),
    seq: 0,
    sent: 0,
    videoId: videos[Math.floor(Math.random() * videos.length)],
  });
  const t0 = performance.now();
  await Promise.all(Array.from({ length: options.clients }, async (_, client) => {
    let s = session();
    while (next < batches) {
      next++;
      // A session sends at most 20 batches (its rate limit is 30 a minute).
      if (s.sent++ >= 20) s = session();
      const now = Date.now();
      const body = JSON.stringify({
        sessionId: s.id,
        videoId: s.videoId,
        page: "watch",
        referrer: "",
        tz: "Europe/Paris",
        optOut: false,
        events: Array.from({ length: 20 }, () => {
          const from = s.seq % 30 * 10;
          return { seq: s.seq++, kind: "progress", at: now, from, to: from + 10 };
        }),
      });
      const t = performance.now();
      const res = await app.request("/api/v1/events", {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": `bench ${client}` },
        body,
      });
      lat.push(performance.now() - t);
      if (res.status !== 202) throw new Error(`ingest: ${res.status} ${await res.text()}`);
      accepted += (await res.json()).accepted;
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  return {
    eventsPerS: Math.round(accepted / seconds),
    p50: percentile(lat, 0.5),
    p95: percentile(lat, 0.95),
  };
}

/** Raw events made in SQL: sessions of 20 events (startup, play, 16 ranges, a stall, complete). */
async function measureRollup(sql: Sql, videos: string[], events: number) {
  const today = utcDay(Date.now());
  const sessionsPerDay = Math.floor(events / 20 / ROLLUP_DAYS);
  const t0 = performance.now();
  for (let d = 0; d < ROLLUP_DAYS; d++) {
    const day = addDays(today, -d - 1);
    await ensurePartitions(sql, day);
    await sql`
      insert into analytics_sessions (id, video_id, day, viewer, device, browser, os, source, region)
      select md5(${day} || i)::uuid, (${videos}::uuid[])[1 + i % ${videos.length}], ${day},
             md5('v' || (i % 50000)), (array['desktop', 'mobile', 'tablet'])[1 + i % 3],
             (array['Chrome', 'Firefox', 'Safari'])[1 + i % 3], 'Linux', 'direct', 'Europe/Paris'
      from generate_series(1, ${sessionsPerDay}) i`;
    await sql`
      insert into analytics_events (day, session_id, seq, video_id, kind, at, pos, from_s, to_s, value)
      select ${day}, s.id, q, s.video_id,
             case when q = 0 then 'startup' when q = 1 then 'play' when q = 18 then 'rebuffer_end'
                  when q = 19 then 'complete' else 'progress' end,
             now(), null,
             case when q between 2 and 17 then (q - 2) * (10 + (hashtext(s.id::text) & 7)) end,
             case when q between 2 and 17 then (q - 1) * (10 + (hashtext(s.id::text) & 7)) end,
             case when q = 0 then 300 + (hashtext(s.id::text) & 2047) when q = 18 then 800 end
      from analytics_sessions s, generate_series(0, 19) q where s.day = ${day}`;
  }
  const seedS = (performance.now() - t0) / 1000;
  const days = Array.from({ length: ROLLUP_DAYS }, (_, d) => addDays(today, -d - 1));
  const snapshot = () =>
    sql`select md5(string_agg(t::text, ',' order by video_id, day)) as h
        from analytics_video_daily t`;
  const t1 = performance.now();
  for (const day of days) await rollupDay(sql, day);
  const firstS = (performance.now() - t1) / 1000;
  const before = (await snapshot())[0].h;
  const t2 = performance.now();
  for (const day of days) await rollupDay(sql, day);
  const againS = (performance.now() - t2) / 1000;
  const same = before === (await snapshot())[0].h;
  return { seedS, firstS, againS, same };
}

/** A year of rollups for the channel: each video seen on about half the days. */
async function seedYear(sql: Sql, ownerId: string) {
  const today = utcDay(Date.now());
  const from = addDays(today, -364);
  await sql`
    insert into analytics_video_daily (video_id, owner_id, day, sessions, views, viewers, watch_s,
      completes, errors, rebuffer_s, rebuffers, startup_p50_ms, startup_p95_ms, startup_hist,
      retention)
    select v.id, ${ownerId}, d::date, 12, 10, 8, 1500, 4, 0, 3, 1, 600, 1500,
           array_fill(0, array[101]), array_fill(5, array[100])
    from videos v, generate_series(${from}::date, ${today}::date, '1 day') d
    where v.owner_id = ${ownerId} and (hashtext(v.id::text || d::text) & 1) = 0
    on conflict do nothing`;
  await sql`
    insert into analytics_video_dims (video_id, owner_id, day, dim, value, views, watch_s)
    select d.video_id, d.owner_id, d.day, x.dim, x.value, 5, 750
    from analytics_video_daily d,
         (values ('device', 'desktop'), ('device', 'mobile'), ('browser', 'Chrome'),
                 ('browser', 'Firefox'), ('os', 'Linux'), ('os', 'Android'),
                 ('source', 'direct'), ('source', 'internal:search'),
                 ('region', 'FR'), ('region', 'DE')) x (dim, value)
    where d.owner_id = ${ownerId} and d.day >= ${from}
    on conflict do nothing`;
  // The channel's own rows, as the rollup writes them beside the videos'.
  await sql`
    insert into analytics_channel_daily (owner_id, day, sessions, views, viewers, watch_s,
      completes, errors, rebuffer_s, startup_hist)
    select owner_id, day, sum(sessions), sum(views), sum(viewers), sum(watch_s), sum(completes),
           sum(errors), sum(rebuffer_s), array_fill(0, array[101])
    from analytics_video_daily where owner_id = ${ownerId} group by owner_id, day
    on conflict do nothing`;
  await sql`
    insert into analytics_channel_dims (owner_id, day, dim, value, views, watch_s)
    select owner_id, day, dim, value, sum(views), sum(watch_s)
    from analytics_video_dims where owner_id = ${ownerId} group by owner_id, day, dim, value
    on conflict do nothing`;
  await sql`analyze analytics_video_daily`;
  await sql`analyze analytics_video_dims`;
}
