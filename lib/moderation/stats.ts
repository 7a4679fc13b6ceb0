/**
 * The admin dashboard's figures: totals, the last 24 hours, the job queue's
 * depth and 14-day daily series. Each is one bounded query (an index on
 * created_at / failed videos' processed_at, the queue's partial indexes).
 */
import type { Sql } from "../db/mod.ts";
import { isJobWaiting, queueOverview } from "../queue/mod.ts";
import { hasFailed, isListed, REVIEW_STATES, STATE, VIDEO_STATES } from "../videos/lifecycle.ts";

/** What /admin shows. */
export interface DashboardStats {
  users: number;
  videos: number;
  pendingApprovals: number;
  /** Published or auto-published (ready): the seed's "completed videos". */
  completedVideos: number;
  /** Bytes of stored sources (renditions are not measured per object). */
  storageBytes: number;
  uploads24h: number;
  failures24h: number;
  /** Jobs ready or running. */
  queueDepth: number;
  /** Per day, oldest first, `DAYS` values each. */
  series: { uploads: number[]; failures: number[]; signups: number[] };
}

/** How many days the sparklines cover. */
export const DAYS = 14;

const COMPLETED = VIDEO_STATES.filter((s) => s !== STATE.processing && isListed(s));
const FAILED = VIDEO_STATES.filter(hasFailed);

/** Reads every figure of the dashboard. */
export async function dashboardStats(sql: Sql): Promise<DashboardStats> {
  const [[totals], uploads, failures, signups, queue] = await Promise.all([
    sql<Omit<DashboardStats, "series" | "queueDepth">[]>`
      select (select count(*)::int from users) as users,
        (select count(*)::int from videos) as videos,
        (select count(*)::int from videos where status = any(${[...REVIEW_STATES]}))
          as "pendingApprovals",
        (select count(*)::int from videos where status = any(${COMPLETED})) as "completedVideos",
        (select coalesce(sum(source_size), 0)::float8 from videos where source_key is not null)
          as "storageBytes",
        (select count(*)::int from videos where created_at > now() - interval '1 day')
          as "uploads24h",
        (select count(*)::int from videos where status = any(${FAILED})
          and processed_at > now() - interval '1 day') as "failures24h"`,
    daily(
      sql,
      sql`select created_at as at from videos where created_at > now() - make_interval(days => ${DAYS})`,
    ),
    daily(
      sql,
      sql`select processed_at as at from videos where status = any(${FAILED})
        and processed_at > now() - make_interval(days => ${DAYS})`,
    ),
    daily(
      sql,
      sql`select created_at as at from users where created_at > now() - make_interval(days => ${DAYS})`,
    ),
    queueOverview(sql, { limit: 1 }),
  ]);
  const queueDepth = queue.counts.filter((c) => isJobWaiting(c.state) || c.state === "running")
    .reduce((n, c) => n + c.count, 0);
  return { ...totals, queueDepth, series: { uploads, failures, signups } };
}

/** Counts per UTC day over the last DAYS days (today last) of the rows' `at`. */
async function daily(sql: Sql, rows: ReturnType<Sql>): Promise<number[]> {
  const counts = await sql<{ day: number; n: number }[]>`
    select ((now() at time zone 'UTC')::date - (at at time zone 'UTC')::date)::int as day, count(*)::int as n
    from (${rows}) r group by 1`;
  const out = new Array<number>(DAYS).fill(0);
  for (const c of counts) if (c.day >= 0 && c.day < DAYS) out[DAYS - 1 - c.day] = c.n;
  return out;
}
