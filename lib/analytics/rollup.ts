/**
 * The rollups: per video and day, per dimension value, platform-wide per day,
 * and the viewers of each day. A day is always recomputed whole from its raw
 * partition (delete, then insert, in one transaction), so running it twice,
 * or concurrently (an advisory lock serialises runs), gives the same rows:
 * idempotent and safe to re-run. Incremental: only days whose sessions saw
 * new events since the last run (a high-water mark on last_seen_at) are redone,
 * plus today and yesterday for the processing figures.
 */
import type postgres from "postgres";
import type { Sql } from "../db/mod.ts";
import { addDays, ensurePartitions, partitionName, utcDay } from "./partitions.ts";

/** Buckets of the retention curve (hundredths of the video). */
export const RETENTION_BUCKETS = 100;
/** Startup histogram: 100 ms buckets up to 10 s, and one for 10 s and more. */
export const STARTUP_BUCKETS = 101;

type Tx = postgres.TransactionSql;

// Runs re-read sessions seen a little before the mark: a batch committing
// while the last run read is picked up by the next (re-reading is harmless).
const OVERLAP = "2 minutes";

/** Rolls up every day with new events since the last run; returns those days. */
export async function rollupPending(sql: Sql, options: { now?: Date } = {}): Promise<string[]> {
  const now = options.now ?? new Date();
  const [state] = await sql<{ seen: Date | null }[]>`
    select seen_through as seen from analytics_rollup_state`;
  const dirty = await sql<{ day: string }[]>`
    select distinct day::text as day from analytics_sessions
    where ${state?.seen ?? null}::timestamptz is null
       or last_seen_at > ${state?.seen ?? null}::timestamptz - ${OVERLAP}::interval
    order by 1`;
  const today = utcDay(now);
  // Today's partition, so a quiet day still gets its processing figures.
  await ensurePartitions(sql, today);
  const days = [...new Set([...dirty.map((d) => d.day), addDays(today, -1), today])].sort();
  for (const day of days) await rollupDay(sql, day);
  await sql`insert into analytics_rollup_state (id, seen_through) values (true, ${now})
    on conflict (id) do update set seen_through = excluded.seen_through`;
  return days;
}

/**
 * Recomputes every rollup of one day from its raw events (see the module
 * comment). A day without a partition (dropped after the retention, or
 * before analytics existed) is left as it is: its rollups are all that is
 * left of it. Answers whether the day was recomputed.
 */
export async function rollupDay(sql: Sql, day: string): Promise<boolean> {
  return await sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtext('analytics_rollup'))`;
    const [raw] = await tx`select to_regclass(${partitionName(day)}) is not null as kept`;
    if (!raw.kept) return false;
    await sessionTable(tx, day);
    for (
      const table of [
        "analytics_video_daily",
        "analytics_video_dims",
        "analytics_channel_daily",
        "analytics_channel_dims",
        "analytics_platform_dims",
        "analytics_viewer_days",
      ]
    ) {
      await tx`delete from ${tx(table)} where day = ${day}`;
    }
    await videoDaily(tx, day);
    await tx`
      insert into analytics_video_dims (video_id, owner_id, day, dim, value, views, watch_s)
      select s.video_id, s.owner_id, ${day}, d.dim, d.value,
             count(*) filter (where s.viewed), sum(s.watch_s)
      from rollup_sessions s
      cross join lateral (values ('device', s.device), ('browser', s.browser), ('os', s.os),
                                 ('source', s.source), ('region', s.region)) d (dim, value)
      where s.viewed
      group by 1, 2, 4, 5`;
    await tx`
      insert into analytics_channel_daily (owner_id, day, sessions, views, viewers, watch_s,
        completes, errors, rebuffer_s, startup_hist)
      select s.owner_id, ${day}, count(*), count(*) filter (where s.viewed),
             count(distinct s.viewer) filter (where s.viewed), sum(s.watch_s),
             count(*) filter (where s.completed), count(*) filter (where s.errored),
             sum(s.rebuffer_s), ${histSql(tx)}
      from rollup_sessions s group by s.owner_id`;
    await tx`
      insert into analytics_channel_dims (owner_id, day, dim, value, views, watch_s)
      select owner_id, ${day}, dim, value, sum(views), sum(watch_s)
      from analytics_video_dims where day = ${day} group by owner_id, dim, value`;
    await tx`
      insert into analytics_platform_dims
        (day, dim, value, sessions, views, watch_s, rebuffer_s, errors, startup_hist)
      select ${day}, d.dim, d.value, count(*), count(*) filter (where s.viewed), sum(s.watch_s),
             sum(s.rebuffer_s), count(*) filter (where s.errored), ${histSql(tx)}
      from rollup_sessions s
      cross join lateral (values ('browser', s.browser), ('device', s.device)) d (dim, value)
      group by 2, 3`;
    await tx`
      insert into analytics_viewer_days (day, viewer)
      select distinct ${day}::date, viewer from rollup_sessions where viewed and viewer is not null`;
    await platformDaily(tx, day);
    return true;
  });
}

/** One row per session of the day, with what its events add up to. */
async function sessionTable(tx: Tx, day: string): Promise<void> {
  await tx`
    create temp table rollup_sessions on commit drop as
    select e.session_id, e.video_id, v.owner_id, ss.viewer, ss.device, ss.browser, ss.os,
           ss.source, ss.region, count(*) as events,
           bool_or(e.kind in ('play', 'progress')) as viewed,
           coalesce(sum(e.to_s - e.from_s) filter (where e.kind = 'progress'), 0)::float8
             as watch_s,
           bool_or(e.kind = 'complete') as completed,
           bool_or(e.kind = 'error') as errored,
           coalesce(sum(e.value) filter (where e.kind = 'rebuffer_end'), 0)::float8 / 1000
             as rebuffer_s,
           count(*) filter (where e.kind = 'rebuffer_start') as rebuffers,
           least(floor(min(e.value) filter (where e.kind = 'startup') / 100), 100)::int
             as startup_bucket,
           min(e.value) filter (where e.kind = 'startup') as startup_ms
    from analytics_events e
    join analytics_sessions ss on ss.id = e.session_id
    join videos v on v.id = e.video_id
    where e.day = ${day}
    group by e.session_id, e.video_id, v.owner_id, ss.viewer, ss.device, ss.browser, ss.os,
             ss.source, ss.region`;
}

/** The startup histogram of a group of rollup_sessions rows, as an int[] expression. */
function histSql(tx: Tx) {
  // array_positions() over the group's buckets: the aggregate belongs to the outer query.
  return tx`array(select coalesce(cardinality(array_positions(array_agg(s.startup_bucket), b)), 0)
                  from generate_series(0, ${STARTUP_BUCKETS - 1}) b)`;
}

async function videoDaily(tx: Tx, day: string): Promise<void> {
  // The retention curve: each view's watched ranges as bucket intervals, merged per view
  // (range_agg: a view counts once per bucket however often it replayed it), turned into
  // +1/−1 steps and summed along the buckets. Rows: a few per view, not one per bucket.
  await tx`
    create temp table rollup_curves on commit drop as
    with ranges as (
      select e.video_id, e.session_id,
             int4range(least(${RETENTION_BUCKETS - 1},
                             floor(e.from_s / v.duration_s * ${RETENTION_BUCKETS}))::int,
                       least(${RETENTION_BUCKETS - 1},
                             ceil(e.to_s / v.duration_s * ${RETENTION_BUCKETS})::int - 1) + 1)
               as r
      from analytics_events e
      join videos v on v.id = e.video_id and coalesce(v.duration_s, 0) > 0
      where e.day = ${day} and e.kind = 'progress'
    ), merged as (
      select video_id, unnest(range_agg(r)) as r from ranges group by video_id, session_id
    ), steps as (
      select video_id, lower(r) as b, 1 as d from merged
      union all
      select video_id, upper(r), -1 from merged where upper(r) < ${RETENTION_BUCKETS}
    ), per_bucket as (
      select v.video_id, g.b, coalesce(sum(st.d), 0) as d
      from (select distinct video_id from steps) v
      cross join generate_series(0, ${RETENTION_BUCKETS - 1}) g (b)
      left join steps st on st.video_id = v.video_id and st.b = g.b
      group by v.video_id, g.b
    )
    select video_id, array_agg(n::int order by b) as curve
    from (select video_id, b, sum(d) over (partition by video_id order by b) as n
          from per_bucket) c
    group by video_id`;
  await tx`
    insert into analytics_video_daily (video_id, owner_id, day, sessions, views, viewers, watch_s,
      completes, errors, rebuffer_s, rebuffers, startup_p50_ms, startup_p95_ms, startup_hist,
      retention)
    select g.*, coalesce(c.curve, array_fill(0, array[${RETENTION_BUCKETS}::int]))
    from (
      select s.video_id, s.owner_id, ${day}::date, count(*), count(*) filter (where s.viewed),
             count(distinct s.viewer) filter (where s.viewed), sum(s.watch_s),
             count(*) filter (where s.completed), count(*) filter (where s.errored),
             sum(s.rebuffer_s), sum(s.rebuffers),
             percentile_cont(0.5) within group (order by s.startup_ms),
             percentile_cont(0.95) within group (order by s.startup_ms),
             ${histSql(tx)}
      from rollup_sessions s
      group by s.video_id, s.owner_id
    ) g
    left join rollup_curves c on c.video_id = g.video_id`;
}

async function platformDaily(tx: Tx, day: string): Promise<void> {
  const next = addDays(day, 1);
  await tx`delete from analytics_platform_daily where day = ${day}`;
  await tx`
    insert into analytics_platform_daily (day, events, sessions, views, viewers, watch_s, errors,
      rebuffer_s, startup_hist, uploads, processed, failed, processing_p50_s, processing_p95_s)
    select ${day}, coalesce(sum(s.events), 0), count(s.*), count(*) filter (where s.viewed),
           count(distinct s.viewer) filter (where s.viewed), coalesce(sum(s.watch_s), 0),
           count(*) filter (where s.errored), coalesce(sum(s.rebuffer_s), 0), ${histSql(tx)},
           (select count(*) from videos where created_at >= ${day}::date
              and created_at < ${next}::date),
           j.processed, j.failed, j.p50, j.p95
    from (select 1) one
    left join rollup_sessions s on true
    cross join (
      select count(*) filter (where state = 'succeeded')::int as processed,
             count(*) filter (where state = 'dead')::int as failed,
             percentile_cont(0.5) within group (order by extract(epoch from finished_at - created_at))
               filter (where state = 'succeeded') as p50,
             percentile_cont(0.95) within group (order by extract(epoch from finished_at - created_at))
               filter (where state = 'succeeded') as p95
      from jobs where kind = 'transcode' and finished_at >= ${day}::date
        and finished_at < ${next}::date and state in ('succeeded', 'dead')
    ) j
    group by j.processed, j.failed, j.p50, j.p95`;
}
