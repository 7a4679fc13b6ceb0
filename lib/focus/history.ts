import type { Sql } from "../db/mod.ts";
import { decodeCursor, encodeCursor } from "../videos/_card_cursor.ts";
import { viewableSql, type Viewer } from "../videos/access.ts";

/** One focus session as its viewer sees it; the title only while they may still see the video. */
export interface FocusSession {
  id: string;
  videoId: string;
  title: string | null;
  startedAt: Date;
  endedAt: Date;
  durationS: number;
  interruptions: number;
  interruptedS: number;
  hiddenCount: number;
  blurCount: number;
  completed: boolean;
}

/** A viewer's totals over all their sessions. */
export interface FocusTotals {
  sessions: number;
  focusedS: number;
  interruptions: number;
  interruptedS: number;
  completed: number;
}

/** A page of `user`'s focus sessions, newest first (cursor: start time and id). */
export async function listFocusSessions(
  sql: Sql,
  user: NonNullable<Viewer>,
  options: { limit: number; cursor?: string },
): Promise<{ sessions: FocusSession[]; nextCursor: string | null }> {
  const after = options.cursor ? decodeCursor(options.cursor, "newest") : undefined;
  // Milliseconds, as the cursor holds them: comparing microseconds would skip rows.
  const at = sql`date_trunc('milliseconds', s.started_at)`;
  const rows = await sql<FocusSession[]>`
    select s.id, s.video_id as "videoId", v.title, ${at} as "startedAt", s.ended_at as "endedAt",
      s.duration_s as "durationS", s.hidden_count + s.blur_count as interruptions,
      s.hidden_s + s.blur_s as "interruptedS", s.hidden_count as "hiddenCount",
      s.blur_count as "blurCount", s.completed
    from focus_sessions s
    left join videos v on v.id = s.video_id and ${viewableSql(sql, user)}
    where s.user_id = ${user.id}
      ${after?.sort === "newest" ? sql`and (${at}, s.id) < (${after.at}, ${after.id})` : sql``}
    order by ${at} desc, s.id desc
    limit ${options.limit + 1}`;
  const page = rows.slice(0, options.limit);
  const last = page.at(-1);
  return {
    sessions: page,
    nextCursor: rows.length > options.limit && last
      ? encodeCursor({ sort: "newest", at: last.startedAt, id: last.id })
      : null,
  };
}

/** `userId`'s totals (one aggregate over their rows, through the user index). */
export async function focusTotals(sql: Sql, userId: string): Promise<FocusTotals> {
  const [row] = await sql<FocusTotals[]>`
    select count(*)::int as sessions, coalesce(sum(duration_s), 0)::float8 as "focusedS",
      coalesce(sum(hidden_count + blur_count), 0)::int as interruptions,
      coalesce(sum(hidden_s + blur_s), 0)::float8 as "interruptedS",
      count(*) filter (where completed)::int as completed
    from focus_sessions where user_id = ${userId}`;
  return row;
}
