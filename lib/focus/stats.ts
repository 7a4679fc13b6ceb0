import type { Sql } from "../db/mod.ts";

/** Focus figures over a set of sessions: how many, and per session on average. */
export interface FocusFigures {
  sessions: number;
  viewers: number;
  avgDurationS: number;
  avgInterruptions: number;
  avgInterruptedS: number;
  /** Share of sessions in which the video played to its end (0–1). */
  completionRate: number;
}

const FIGURES = (sql: Sql) =>
  sql`count(*)::int as sessions, count(distinct user_id)::int as viewers,
    coalesce(avg(duration_s), 0)::float8 as "avgDurationS",
    coalesce(avg(hidden_count + blur_count), 0)::float8 as "avgInterruptions",
    coalesce(avg(hidden_s + blur_s), 0)::float8 as "avgInterruptedS",
    coalesce(avg(case when completed then 1 else 0 end), 0)::float8 as "completionRate"`;

/** One video's focus figures, for its creator (the caller checks that they manage it). */
export async function videoFocusFigures(sql: Sql, videoId: string): Promise<FocusFigures> {
  const [row] = await sql<FocusFigures[]>`
    select ${FIGURES(sql)} from focus_sessions where video_id = ${videoId}`;
  return row;
}

/** The instance's averages over the last `days` days (started_at index), for admins. */
export async function focusAverages(sql: Sql, days: number): Promise<FocusFigures> {
  const [row] = await sql<FocusFigures[]>`
    select ${FIGURES(sql)} from focus_sessions
    where started_at > now() - make_interval(days => ${days})`;
  return row;
}
