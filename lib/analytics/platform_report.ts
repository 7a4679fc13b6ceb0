/**
 * What the admin analytics page shows, from the platform rollups: events,
 * views, watch time, daily/weekly/monthly active viewers, uploads,
 * processing time p50/p95 and failure rate per day, and quality of
 * experience (startup p50/p95 against the 2 s goal, rebuffering against 1 %,
 * errors) per day and by browser and device class.
 */
import type { Sql } from "../db/mod.ts";
import { type DayRange, eachDay } from "./range.ts";
import { histPercentile } from "./stats.ts";

/** The goals QoE is shown against. */
export const QOE_GOALS = { startupP95Ms: 2000, rebufferRatio: 0.01 } as const;

/** One day, platform-wide. */
export interface PlatformDay {
  day: string;
  events: number;
  views: number;
  watchS: number;
  dau: number;
  wau: number;
  mau: number;
  uploads: number;
  processed: number;
  failed: number;
  processingP50S: number | null;
  processingP95S: number | null;
  startupP50Ms: number | null;
  startupP95Ms: number | null;
  rebufferRatio: number;
  errorRate: number;
}

/** QoE of one browser or device class over the range. */
export interface QoeRow {
  dim: "browser" | "device";
  value: string;
  views: number;
  watchS: number;
  startupP50Ms: number | null;
  startupP95Ms: number | null;
  rebufferRatio: number;
  errorRate: number;
}

/** The admin report over `range`. */
export async function platformReport(
  sql: Sql,
  range: DayRange,
): Promise<{ days: PlatformDay[]; qoe: QoeRow[] }> {
  const [rows, active, dims, hists] = await Promise.all([
    sql<
      (
        & Omit<
          PlatformDay,
          "dau" | "wau" | "mau" | "startupP50Ms" | "startupP95Ms" | "rebufferRatio" | "errorRate"
        >
        & { sessions: number; errors: number; rebufferS: number; hist: number[] }
      )[]
    >`
      select day::text as day, events::float8 as events, views, watch_s as "watchS", uploads,
             processed, failed, processing_p50_s as "processingP50S",
             processing_p95_s as "processingP95S", sessions, errors, rebuffer_s as "rebufferS",
             startup_hist as hist
      from analytics_platform_daily where day between ${range.from} and ${range.to}
      order by day`,
    sql<{ day: string; dau: number; wau: number; mau: number }[]>`
      select g.d::date::text as day,
        (select count(*) from analytics_viewer_days where day = g.d::date)::int as dau,
        (select count(distinct viewer) from analytics_viewer_days
          where day > g.d::date - 7 and day <= g.d::date)::int as wau,
        (select count(distinct viewer) from analytics_viewer_days
          where day > g.d::date - 30 and day <= g.d::date)::int as mau
      from generate_series(${range.from}::date, ${range.to}::date, '1 day') g (d)`,
    sql<
      {
        dim: "browser" | "device";
        value: string;
        sessions: number;
        views: number;
        watchS: number;
        rebufferS: number;
        errors: number;
      }[]
    >`
      select dim, value, sum(sessions)::int as sessions, sum(views)::int as views,
             sum(watch_s)::float8 as "watchS", sum(rebuffer_s)::float8 as "rebufferS",
             sum(errors)::int as errors
      from analytics_platform_dims where day between ${range.from} and ${range.to}
      group by dim, value order by dim, views desc limit 200`,
    sql<{ dim: string; value: string; i: number; n: number }[]>`
      select dim, value, u.i::int as i, sum(u.x)::int as n
      from analytics_platform_dims d, unnest(d.startup_hist) with ordinality u (x, i)
      where day between ${range.from} and ${range.to} and u.x > 0
      group by dim, value, u.i`,
  ]);
  const histOf = new Map<string, number[]>();
  for (const h of hists) {
    const key = `${h.dim}\u0000${h.value}`;
    const arr = histOf.get(key) ?? histOf.set(key, []).get(key)!;
    arr[h.i - 1] = h.n;
  }
  const byDay = new Map(rows.map((r) => [r.day, r]));
  const activeByDay = new Map(active.map((a) => [a.day, a]));
  const days = eachDay(range).map((day): PlatformDay => {
    const r = byDay.get(day);
    const a = activeByDay.get(day) ?? { dau: 0, wau: 0, mau: 0 };
    return {
      day,
      events: r?.events ?? 0,
      views: r?.views ?? 0,
      watchS: r?.watchS ?? 0,
      dau: a.dau,
      wau: a.wau,
      mau: a.mau,
      uploads: r?.uploads ?? 0,
      processed: r?.processed ?? 0,
      failed: r?.failed ?? 0,
      processingP50S: r?.processingP50S ?? null,
      processingP95S: r?.processingP95S ?? null,
      ...qoe(r ?? { sessions: 0, watchS: 0, rebufferS: 0, errors: 0, hist: [] }),
    };
  });
  return {
    days,
    qoe: dims.map((d) => ({
      dim: d.dim,
      value: d.value,
      views: d.views,
      watchS: d.watchS,
      ...qoe({
        ...d,
        hist: Array.from(histOf.get(`${d.dim}\u0000${d.value}`) ?? [], (n) => n ?? 0),
      }),
    })),
  };
}

function qoe(
  r: { sessions: number; watchS: number; rebufferS: number; errors: number; hist: number[] },
) {
  return {
    startupP50Ms: histPercentile(r.hist, 0.5),
    startupP95Ms: histPercentile(r.hist, 0.95),
    rebufferRatio: r.watchS + r.rebufferS > 0 ? r.rebufferS / (r.watchS + r.rebufferS) : 0,
    errorRate: r.sessions ? r.errors / r.sessions : 0,
  };
}
