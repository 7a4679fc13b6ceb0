import type { Sql } from "../db/mod.ts";
import { readTimeCursor, writeTimeCursor } from "./_cursor.ts";
import { CARD_COLUMNS, CARD_FROM, type CardRow, toCard } from "../videos/_cards.ts";
import { mayView, viewableSql, type Viewer } from "../videos/access.ts";
import type { CardPage } from "../videos/browse.ts";

type Row = CardRow & {
  likedAt: Date;
  visibility: string;
  status: string;
  playableAt: Date | null;
  accessGroupId: number | null;
};

/**
 * The videos `viewer` liked, most recently liked first, a page at a time,
 * keeping only those they may still open (viewableSql, then mayView() on
 * each row): a liked video that turns private or is taken down leaves the
 * list, and comes back if it returns. The cursor is the last like's (time, video id).
 */
export async function listLikedVideos(
  sql: Sql,
  viewer: NonNullable<Viewer>,
  options: { limit: number; cursor?: string; mediaBaseUrl?: string },
): Promise<CardPage> {
  const after = readTimeCursor(options.cursor);
  const rows = await sql<Row[]>`
    select ${CARD_COLUMNS(sql)}, r.created_at as "likedAt", v.visibility, v.status,
      v.playable_at as "playableAt", v.access_group_id as "accessGroupId"
    from video_reactions r join (${CARD_FROM(sql)}) on v.id = r.video_id
    where r.user_id = ${viewer.id} and r.kind = 'like' and ${viewableSql(sql, viewer)}
      ${after ? sql`and (r.created_at, r.video_id) < (${after.at}, ${after.id})` : sql``}
    order by r.created_at desc, r.video_id desc
    limit ${options.limit + 1}`;
  const page = rows.slice(0, options.limit);
  const last = page.at(-1);
  return {
    videos: page.filter((r) => mayView(r, viewer)).map((r) => {
      const { likedAt: _l, visibility: _v, status: _s, playableAt: _p, ...rest } = r;
      const { accessGroupId: _g, ...card } = rest;
      return toCard(card, options.mediaBaseUrl);
    }),
    nextCursor: rows.length > options.limit && last ? writeTimeCursor(last.likedAt, last.id) : null,
  };
}
