/**
 * What the creator analytics pages show, read from the rollups only (never
 * the raw events): a channel's (or one video's) views and watch time per
 * day, totals and quality figures, top videos, dimensions, and for one video
 * the retention curve with its biggest drop-offs. Every query is bounded by
 * the date range (≤ 366 days) and LIMITs.
 */
import type postgres from "postgres";
import type { Sql } from "../db/mod.ts";
import { type DayRange, eachDay } from "./range.ts";
import { RETENTION_BUCKETS, STARTUP_BUCKETS } from "./rollup.ts";
import { type DropOff, dropOffs, histPercentile } from "./stats.ts";

/** The dimensions shown, in order. */
export const DIMENSIONS = ["source", "device", "browser", "os", "region"] as const;

type Fragment = postgres.PendingQuery<postgres.Row[]>;

/** analytics_video_daily's counters, summed over some rows (or one row). */
export interface RollupSums {
  sessions: number;
  views: number;
  viewers: number;
  watchS: number;
  completes: number;
  errors: number;
  rebufferS: number;
}

/** Headline figures over a range. */
export interface Totals {
  views: number;
  /** Each day's unique viewers (of the channel, or the video), summed: an anonymous id lasts a day. */
  viewers: number;
  watchS: number;
  avgViewS: number;
  completionRate: number;
  startupP50Ms: number | null;
  startupP95Ms: number | null;
  /** Stalled time ÷ (watched + stalled). */
  rebufferRatio: number;
  /** Sessions that ended in a fatal error ÷ sessions. */
  errorRate: number;
}

/** One row of a breakdown. */
export interface DimRow {
  value: string;
  views: number;
  watchS: number;
}

/** A creator's report (the channel, or one video with `retention`). */
export interface CreatorReport {
  days: { day: string; views: number; watchS: number }[];
  totals: Totals;
  topVideos: { id: string; title: string; views: number; watchS: number; completes: number }[];
  dims: Record<typeof DIMENSIONS[number], DimRow[]>;
  retention?: { share: number[]; dropOffs: DropOff[] };
}

/** The report of `ownerId`'s channel, or of one of its videos (`video`). */
export async function creatorReport(
  sql: Sql,
  range: DayRange,
  scope: { ownerId: string; video?: { id: string; durationS: number | null } },
): Promise<CreatorReport> {
  // A channel reads its own rollups (a row per day); a video, its video rows.
  const table = scope.video
    ? { daily: sql`analytics_video_daily`, dims: sql`analytics_video_dims` }
    : { daily: sql`analytics_channel_daily`, dims: sql`analytics_channel_dims` };
  const inRange = sql`d.day between ${range.from} and ${range.to}`;
  const where = scope.video
    ? sql`d.video_id = ${scope.video.id} and ${inRange}`
    : sql`d.owner_id = ${scope.ownerId} and ${inRange}`;
  const [daily, [sums], hist, top, dims, curve] = await Promise.all([
    sql<{ day: string; views: number; watchS: number }[]>`
      select day::text as day, sum(views)::int as views, sum(watch_s)::float8 as "watchS"
      from ${table.daily} d where ${where} group by day order by day`,
    sql<RollupSums[]>`
      select coalesce(sum(sessions), 0)::int as sessions, coalesce(sum(views), 0)::int as views,
             coalesce(sum(viewers), 0)::int as viewers, coalesce(sum(watch_s), 0)::float8 as "watchS",
             coalesce(sum(completes), 0)::int as completes, coalesce(sum(errors), 0)::int as errors,
             coalesce(sum(rebuffer_s), 0)::float8 as "rebufferS"
      from ${table.daily} d where ${where}`,
    sumColumn(sql, { table: table.daily, column: "startup_hist", where, length: STARTUP_BUCKETS }),
    scope.video ? Promise.resolve([]) : sql<CreatorReport["topVideos"]>`
      select d.video_id as id, v.title, sum(d.views)::int as views,
             sum(d.watch_s)::float8 as "watchS", sum(d.completes)::int as completes
      from analytics_video_daily d join videos v on v.id = d.video_id
      where ${where} group by d.video_id, v.title order by views desc, d.video_id limit 20`,
    sql<{ dim: string; value: string; views: number; watchS: number }[]>`
      select dim, value, views, "watchS" from (
        select dim, value, views, "watchS",
               row_number() over (partition by dim order by views desc, value) as rank
        from (select dim, value, sum(views)::int as views, sum(watch_s)::float8 as "watchS"
              from ${table.dims} d where ${where} group by dim, value) g
      ) r where rank <= 10 order by dim, views desc, value`,
    scope.video
      ? sumColumn(sql, {
        table: table.daily,
        column: "retention",
        where,
        length: RETENTION_BUCKETS,
      })
      : Promise.resolve(undefined),
  ]);
  const byDay = new Map(daily.map((d) => [d.day, d]));
  const report: CreatorReport = {
    days: eachDay(range).map((day) => byDay.get(day) ?? { day, views: 0, watchS: 0 }),
    totals: totalsOf(sums, hist),
    topVideos: top,
    dims: Object.fromEntries(
      DIMENSIONS.map((d) => [d, dims.filter((r) => r.dim === d).map(({ dim: _, ...r }) => r)]),
    ) as CreatorReport["dims"],
  };
  if (curve && scope.video) {
    const views = sums.views;
    report.retention = {
      share: curve.map((n) => views ? Math.min(1, n / views) : 0),
      dropOffs: dropOffs(curve, { views, durationS: scope.video.durationS ?? 0 }),
    };
  }
  return report;
}

/** Headline figures from summed rollup columns and the summed startup histogram. */
export function totalsOf(s: RollupSums, hist: number[]): Totals {
  return {
    views: s.views,
    viewers: s.viewers,
    watchS: s.watchS,
    avgViewS: s.views ? s.watchS / s.views : 0,
    completionRate: s.views ? s.completes / s.views : 0,
    startupP50Ms: histPercentile(hist, 0.5),
    startupP95Ms: histPercentile(hist, 0.95),
    rebufferRatio: s.watchS + s.rebufferS > 0 ? s.rebufferS / (s.watchS + s.rebufferS) : 0,
    errorRate: s.sessions ? s.errors / s.sessions : 0,
  };
}

/** Element-wise sum of an int[] column of `table` over the rows `where` selects. */
async function sumColumn(
  sql: Sql,
  options: { table: Fragment; column: string; where: Fragment; length: number },
): Promise<number[]> {
  const rows = await sql<{ i: number; n: number }[]>`
    select u.i::int as i, sum(u.x)::float8 as n
    from ${options.table} d, unnest(d.${sql(options.column)}) with ordinality u (x, i)
    where ${options.where} group by u.i`;
  const out = Array(options.length).fill(0);
  for (const r of rows) if (r.i >= 1 && r.i <= options.length) out[r.i - 1] = r.n;
  return out;
}
