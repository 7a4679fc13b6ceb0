/**
 * The creator's CSV export: one row per video and day of the range (from
 * the rollups), the channel's or one video's, at most EXPORT_MAX_ROWS.
 */
import type { Sql } from "../db/mod.ts";
import { toCsv } from "../csv.ts";
import type { DayRange } from "./range.ts";
import type { RollupSums } from "./report.ts";
import { histPercentile } from "./stats.ts";

/** The most rows one export holds (1,000 videos × a year is ~365,000: narrow the range). */
export const EXPORT_MAX_ROWS = 100_000;

const HEADER = [
  "day",
  "video_id",
  "title",
  "views",
  "unique_viewers",
  "watch_time_s",
  "avg_view_duration_s",
  "completion_rate",
  "startup_p50_ms",
  "startup_p95_ms",
  "rebuffer_ratio",
  "error_rate",
];

/** The CSV of `ownerId`'s videos (or one `videoId`) over `range`. */
export async function analyticsCsv(
  sql: Sql,
  range: DayRange,
  scope: { ownerId: string; videoId?: string },
): Promise<string> {
  const rows = await sql<
    (RollupSums & { day: string; id: string; title: string; hist: number[] })[]
  >`
    select d.day::text as day, d.video_id as id, v.title, d.sessions, d.views, d.viewers,
           d.watch_s as "watchS", d.completes, d.errors, d.rebuffer_s as "rebufferS",
           d.startup_hist as hist
    from analytics_video_daily d join videos v on v.id = d.video_id
    where ${scope.videoId ? sql`d.video_id = ${scope.videoId}` : sql`d.owner_id = ${scope.ownerId}`}
      and d.day between ${range.from} and ${range.to}
    order by d.day, d.views desc, d.video_id
    limit ${EXPORT_MAX_ROWS}`;
  const ratio = (a: number, b: number) => b > 0 ? Number((a / b).toFixed(4)) : "";
  return toCsv(
    HEADER,
    rows.map((r) => [
      r.day,
      r.id,
      r.title,
      r.views,
      r.viewers,
      Math.round(r.watchS),
      r.views ? Math.round(r.watchS / r.views) : "",
      ratio(r.completes, r.views),
      histPercentile(r.hist, 0.5) ?? "",
      histPercentile(r.hist, 0.95) ?? "",
      ratio(r.rebufferS, r.watchS + r.rebufferS),
      ratio(r.errors, r.sessions),
    ]),
  );
}
