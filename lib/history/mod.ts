import type { Sql } from "../db/mod.ts";
import { NotFoundError } from "../errors.ts";
import { CARD_COLUMNS, CARD_FROM, type CardRow, toCard, type VideoCard } from "../videos/_cards.ts";
import { decodeCursor, encodeCursor } from "../videos/_card_cursor.ts";
import { mayView, viewableSql, type Viewer } from "../videos/access.ts";

/**
 * Server-side watch history: where a signed-in viewer stopped in each video,
 * newest first; nothing is recorded while they have paused it. Only videos
 * the viewer may still see are listed or resumed (viewableSql/mayView).
 */

/** A watched video as /history shows it. */
export type HistoryEntry = VideoCard & { positionS: number; watchedAt: Date };

/** A position with no known duration is still bounded: a day. */
const MAX_POSITION_S = 86_400;

/**
 * Records where `user` is in a video they may see (NotFound otherwise),
 * bounded by the video's duration. While history is paused it records
 * nothing and says so (`recorded: false`).
 */
export async function recordPosition(
  sql: Sql,
  user: NonNullable<Viewer>,
  options: { videoId: string; positionS: number },
): Promise<{ recorded: boolean }> {
  const [video] = await sql<{ durationS: number | null; paused: boolean }[]>`
    select v.duration_s as "durationS",
      (select history_paused from users where id = ${user.id}) as paused
    from videos v where v.id = ${options.videoId} and ${viewableSql(sql, user)}`;
  if (!video) throw new NotFoundError("No such video.");
  if (video.paused) return { recorded: false };
  const bound = video.durationS ?? MAX_POSITION_S;
  const positionS = Math.max(0, Math.min(options.positionS, bound));
  await sql`insert into watch_history (user_id, video_id, position_s)
    values (${user.id}, ${options.videoId}, ${positionS})
    on conflict (user_id, video_id)
    do update set position_s = excluded.position_s, watched_at = now()`;
  return { recorded: true };
}

/** Where `user` stopped in a video they may see, if anywhere. */
export async function resumePosition(
  sql: Sql,
  user: NonNullable<Viewer>,
  videoId: string,
): Promise<number | undefined> {
  const [row] = await sql<{ positionS: number }[]>`
    select h.position_s as "positionS" from watch_history h join videos v on v.id = h.video_id
    where h.user_id = ${user.id} and h.video_id = ${videoId} and ${viewableSql(sql, user)}`;
  return row?.positionS;
}

/** A page of `user`'s history, newest first (cursor: watched time and video id). */
export async function listHistory(
  sql: Sql,
  user: NonNullable<Viewer>,
  options: { limit: number; cursor?: string; mediaBaseUrl?: string },
): Promise<{ entries: HistoryEntry[]; nextCursor: string | null }> {
  const after = options.cursor ? decodeCursor(options.cursor, "newest") : undefined;
  // Milliseconds, as the cursor holds them: comparing microseconds would skip rows.
  const at = sql`date_trunc('milliseconds', h.watched_at)`;
  type Row = CardRow & {
    positionS: number;
    watchedAt: Date;
    visibility: string;
    status: string;
    playableAt: Date | null;
    accessGroupId: number | null;
  };
  const rows = await sql<Row[]>`
    select ${CARD_COLUMNS(sql)}, h.position_s as "positionS", ${at} as "watchedAt",
      v.visibility, v.status, v.playable_at as "playableAt", v.access_group_id as "accessGroupId"
    from watch_history h join ${CARD_FROM(sql)} on v.id = h.video_id
    where h.user_id = ${user.id} and ${viewableSql(sql, user)}
      ${
    after?.sort === "newest" ? sql`and (${at}, h.video_id) < (${after.at}, ${after.id})` : sql``
  }
    order by ${at} desc, h.video_id desc
    limit ${options.limit + 1}`;
  const page = rows.slice(0, options.limit);
  const last = page.at(-1);
  return {
    entries: page.filter((r) => mayView(r, user)).map((r) => {
      const { positionS, watchedAt, visibility: _v, status: _s, playableAt: _p, ...rest } = r;
      const { accessGroupId: _g, ...card } = rest;
      return { ...toCard(card, options.mediaBaseUrl), positionS, watchedAt };
    }),
    nextCursor: rows.length > options.limit && last
      ? encodeCursor({ sort: "newest", at: last.watchedAt, id: last.id })
      : null,
  };
}

/** Forgets one video; NotFound when it was not in the history. */
export async function removeHistoryEntry(
  sql: Sql,
  userId: string,
  videoId: string,
): Promise<void> {
  const gone = await sql`delete from watch_history
    where user_id = ${userId} and video_id = ${videoId}`;
  if (gone.count === 0) throw new NotFoundError("That video is not in your history.");
}

/** Forgets everything; answers how many entries went. */
export async function clearHistory(sql: Sql, userId: string): Promise<number> {
  return (await sql`delete from watch_history where user_id = ${userId}`).count;
}

/** Whether recording is paused for `userId`. */
export async function historyPaused(sql: Sql, userId: string): Promise<boolean> {
  const [row] = await sql<{ paused: boolean }[]>`
    select history_paused as paused from users where id = ${userId}`;
  return row?.paused ?? false;
}

/** Pauses or resumes recording. */
export async function setHistoryPaused(sql: Sql, userId: string, paused: boolean): Promise<void> {
  await sql`update users set history_paused = ${paused} where id = ${userId}`;
}
