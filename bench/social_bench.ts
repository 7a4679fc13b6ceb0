/**
 * Community at size (issue 13): likes and the follow feed through
 * createApp().request() on a real PostgreSQL. A hot video holds 1,000,000
 * likes (100,000 with --quick), generated with generate_series in one INSERT
 * (the statement-level triggers of 0013 count them in one UPDATE); a viewer
 * follows 500 creators among 2,000 (600 with --quick) with 20 videos each
 * (5). Prints p50/p95 of a like toggle and of the feed against their goals,
 * with a baseline: the design each one replaces (recounting likes per answer;
 * a per-creator LATERAL merge for the feed).
 */
import { createApp } from "../app.ts";
import { setLogLevel } from "../lib/log.ts";
import { followFeed } from "../lib/social/feed.ts";
import { publicListedSql } from "../lib/videos/access.ts";
import { STATE } from "../lib/videos/lifecycle.ts";
import { startPostgres } from "../tests/_harness/postgres.ts";
import { openTestServices } from "../tests/_harness/services.ts";
import { tokenUser } from "../tests/_harness/social_users.ts";
import { explainAll, recordingClient } from "./_explain.ts";
import { percentile, timeRuns, verdict } from "./_timing.ts";
import type { BenchOptions, BenchResult } from "./_types.ts";

/** The goals: p95 of a like toggle and of the feed, through the app. */
const TOGGLE_GOAL_MS = 20;
const FEED_GOAL_MS = 20;
const FOLLOWED = 500;

export default async function run(options: BenchOptions): Promise<BenchResult> {
  const likers = options.quick ? 100_000 : 1_000_000;
  const creators = options.quick ? 600 : 2_000;
  const perCreator = options.quick ? 5 : 20;
  const runs = options.quick ? 200 : 500;
  const pg = await startPostgres();
  Deno.env.set("TEST_DATABASE_URL", pg.url);
  setLogLevel("warn");
  const s = await openTestServices();
  const rec = recordingClient(s.config.database.url!);
  const sql = s.db.sql;
  try {
    const seed = await seedCommunity(s, { likers, creators, perCreator });
    const app = createApp(s, { rateLimits: { apiIp: 1e9, apiUser: 1e9 } });
    const call = async (path: string, init: { method?: string; body?: unknown; auth: object }) => {
      const res = await app.request(path, {
        method: init.method ?? "GET",
        headers: { ...init.auth, "content-type": "application/json" },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return await res.text();
    };
    const data: Record<string, unknown> = { seed };
    const rows: (string | number)[][] = [];
    const reaction = `/api/v1/videos/${seed.hot}/reaction`;

    // The floor: the cheapest authenticated API read (auth, rate limits, one video row).
    const floor = await timeRuns(
      () => call(`/api/v1/videos/${seed.hot}`, { auth: seed.viewer.auth }),
      runs,
    );
    rows.push(row("floor: GET /api/v1/videos/:id (for scale, no goal)", floor, Infinity));
    data.floor = floor;

    // One person toggling their like on the hot video: PUT like, DELETE, PUT like…
    let on = false;
    const toggle = (auth: object) => {
      on = !on;
      return call(
        reaction,
        on ? { method: "PUT", body: { reaction: "like" }, auth } : {
          method: "DELETE",
          auth,
        },
      );
    };
    const single = await timeRuns(() => toggle(seed.viewer.auth), runs);
    // The naive design answers each toggle with a recount of the video's likes.
    const recount = await timeRuns(
      () =>
        sql`select count(*) from video_reactions where video_id = ${seed.hot} and kind = 'like'`,
      Math.min(runs, 50),
    );
    rows.push(row("like toggle (PUT/DELETE reaction), one user", single, TOGGLE_GOAL_MS, {
      baseline: percentile(recount, 0.95),
    }));
    data.toggle = single;
    data.recount = recount;

    // Eight people toggling the same hot video at once: the counter row's lock is shared.
    const eight = await Promise.all(
      Array.from({ length: 8 }, () => tokenUser({ sql, authSecret: s.authSecret })),
    );
    const states = eight.map(() => false);
    const contended: number[] = [];
    for (let round = 0; round < runs / 8; round++) {
      await Promise.all(eight.map(async (u, i) => {
        states[i] = !states[i];
        const t0 = performance.now();
        await call(
          reaction,
          states[i]
            ? { method: "PUT", body: { reaction: "like" }, auth: u.auth }
            : { method: "DELETE", auth: u.auth },
        );
        contended.push(performance.now() - t0);
      }));
    }
    rows.push(row("like toggle, 8 users on the same video at once", contended, TOGGLE_GOAL_MS));
    data.contended = contended;

    const [check] = await sql<{ counted: number; kept: number }[]>`
      select (select count(*) from video_reactions where video_id = ${seed.hot}
                and kind = 'like')::int as counted,
        like_count as kept from videos where id = ${seed.hot}`;

    // The feed of someone following 500 creators.
    const feedMs = await timeRuns(
      () => call("/api/v1/feed?limit=24", { auth: seed.viewer.auth }),
      runs,
    );
    // Ours and the per-creator design, SQL alone, interleaved so that the shared machine's load
    // falls on both alike.
    const [feedSql, lateralMs] = await interleaved(
      () => followFeed(sql, seed.viewer, { limit: 24 }),
      () => perCreatorFeed(s, seed.viewer.id),
      runs,
    );
    rows.push(row(`GET /api/v1/feed, ${FOLLOWED} creators followed`, feedMs, FEED_GOAL_MS));
    rows.push(row("followFeed() SQL alone (no app around it)", feedSql, FEED_GOAL_MS, {
      baseline: percentile(lateralMs, 0.95),
    }));
    data.feedSql = feedSql;
    const first = JSON.parse(await call("/api/v1/feed?limit=24", { auth: seed.viewer.auth }));
    const page2 = `/api/v1/feed?limit=24&cursor=${encodeURIComponent(first.nextCursor)}`;
    const feed2 = await timeRuns(() => call(page2, { auth: seed.viewer.auth }), runs);
    rows.push(row("GET /api/v1/feed, second page (cursor)", feed2, FEED_GOAL_MS));
    const feedPage = await timeRuns(() => call("/feed", { auth: seed.viewer.auth }), runs);
    rows.push(row("GET /feed (the page)", feedPage, FEED_GOAL_MS));
    // Someone following only 3 creators: the other path (their videos by owner).
    const few = await tokenUser({ sql, authSecret: s.authSecret }, { role: "viewer" });
    await sql`insert into follows (follower_id, creator_id)
      select ${few.id}, id from users where email like 'c%@bench.test' order by random() limit 3`;
    const feedFew = await timeRuns(() => call("/api/v1/feed?limit=24", { auth: few.auth }), runs);
    rows.push(row("GET /api/v1/feed, 3 creators followed", feedFew, FEED_GOAL_MS));
    Object.assign(data, { feedMs, lateralMs, feed2, feedPage, feedFew });

    await followFeed(rec.sql, seed.viewer, { limit: 24 });
    const plans = await explainAll(sql, rec.take());
    const sizeNote = `${likers.toLocaleString("en")} likes on the hot video (seeded in ` +
      `${seed.likeSeedS.toFixed(1)} s, counted by one trigger UPDATE), ` +
      `${(creators * perCreator).toLocaleString("en")} videos by ${creators} creators`;
    return {
      tables: [
        {
          title: `Likes and the follow feed through createApp().request() (${sizeNote})`,
          columns: ["operation", "p50 ms", "p95 ms", "goal p95 ms", "goal", "baseline p95 ms"],
          rows,
          note:
            "The machine is shared (2 cores); compare rows with the floor row of the same run. " +
            "Baselines: the design each measured path replaces — for a toggle, " +
            "recounting the hot video's likes (count(*) over its reactions) for the answer; " +
            "for the feed, a LATERAL probe per followed creator merged (the first design), " +
            `SQL alone, timed alternately with followFeed() SQL alone. After the runs: like_count ${check.kept} ` +
            `= ${check.counted} rows counted.`,
        },
        {
          title: "EXPLAIN (ANALYZE): the feed's statement",
          columns: ["statement", "scans", "execution ms"],
          rows: plans.map((p, i) => [i + 1, p.scans.join(", ") || "—", p.ms]),
        },
      ],
      data,
    };
  } finally {
    await rec.sql.end({ timeout: 1 });
    await s.close();
    await pg.stop();
  }
}

/** Times `a` and `b` alternately, `runs` times each, after a warm-up of both. */
async function interleaved(
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
  runs: number,
): Promise<[number[], number[]]> {
  for (let i = 0; i < 10; i++) await Promise.all([a(), b()]);
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < runs; i++) {
    for (const [fn, out] of [[a, ta], [b, tb]] as const) {
      const t0 = performance.now();
      await fn();
      out.push(performance.now() - t0);
    }
  }
  return [ta, tb];
}

function row(
  label: string,
  ms: number[],
  goal: number,
  extra: { baseline?: number } = {},
): (string | number)[] {
  const p95 = percentile(ms, 0.95);
  const goalText = Number.isFinite(goal) ? `< ${goal}` : "—";
  const met = Number.isFinite(goal) ? verdict(p95, goal) : "—";
  return [label, percentile(ms, 0.5), p95, goalText, met, extra.baseline ?? "—"];
}

type Services = Awaited<ReturnType<typeof openTestServices>>;

/** Creators with videos (1 in 10 private, 1 in 10 unlisted), a hot video with its likes, a viewer. */
async function seedCommunity(
  s: Services,
  o: { likers: number; creators: number; perCreator: number },
) {
  const sql = s.db.sql;
  await sql`
    insert into users (email, password_hash, display_name)
    select 'c' || g || '@bench.test', 'x', 'Creator ' || g from generate_series(1, ${o.creators}) g`;
  await sql`
    insert into videos (owner_id, title, visibility, status, playable_at, published_at)
    select u.id, 'Video ' || g,
      (array['private', 'unlisted', 'public', 'public', 'public', 'public', 'public', 'public',
             'public', 'public'])[1 + (g % 10)],
      ${STATE.ready}, now(), now() - random() * interval '365 days'
    from users u cross join generate_series(1, ${o.perCreator}) g
    where u.email like 'c%@bench.test'`;
  const [hot] = await sql<{ id: string }[]>`
    insert into videos (owner_id, title, visibility, status, playable_at, published_at)
    select id, 'The hot one', 'public', ${STATE.ready}, now(), now() from users
    where email = 'c1@bench.test' returning id`;
  await sql`
    insert into users (email, password_hash, display_name)
    select 'l' || g || '@bench.test', 'x', 'Liker ' || g from generate_series(1, ${o.likers}) g`;
  const t0 = performance.now();
  await sql`
    insert into video_reactions (user_id, video_id, kind)
    select id, ${hot.id}, 'like' from users where email like 'l%@bench.test'`;
  const likeSeedS = (performance.now() - t0) / 1000;
  const viewer = await tokenUser({ sql, authSecret: s.authSecret }, { role: "viewer" });
  await sql`
    insert into follows (follower_id, creator_id)
    select ${viewer.id}, id from users where email like 'c%@bench.test'
    order by random() limit ${FOLLOWED}`;
  await sql`analyze`;
  return { hot: hot.id, viewer: { ...viewer, role: "viewer" as const }, likeSeedS };
}

/**
 * The feed as first written: a LATERAL probe per followed creator (a page of
 * ids each, by videos_owner_published_idx), merged; 20+ ms at 500 creators.
 */
async function perCreatorFeed(s: Services, viewerId: string) {
  const sql = s.db.sql;
  const published = sql`coalesce(v.published_at, v.created_at)`;
  return await sql`
    select x.id from follows f cross join lateral (
      select v.id, ${published} as at from videos v
      where v.owner_id = f.creator_id and ${publicListedSql(sql)}
      order by ${published} desc, v.id desc limit 25
    ) x
    where f.follower_id = ${viewerId}
    order by x.at desc, x.id desc limit 25`;
}
