import type { Sql } from "../db/mod.ts";
import { readTimeCursor, writeTimeCursor } from "./_cursor.ts";
import { CARD_COLUMNS, CARD_FROM, type CardRow, toCard } from "../videos/_cards.ts";
import { publicListedSql, type Viewer } from "../videos/access.ts";
import type { CardPage } from "../videos/browse.ts";

/**
 * New videos from the creators `viewer` follows, newest first, a page at a
 * time. Only the public catalogue (publicListedSql): a follower never held an
 * unlisted video's link, so the feed must not hand it out, and a private one
 * never shows (not even to an admin, for whom the feed is no moderation tool).
 *
 * Read per creator: a LATERAL probe into videos_owner_published_idx takes at
 * most a page from each followed creator, then the probes are merged, so the
 * cost grows with the creators followed, not with their whole catalogues.
 */
export async function followFeed(
  sql: Sql,
  viewer: NonNullable<Viewer>,
  options: { limit: number; cursor?: string; mediaBaseUrl?: string },
): Promise<CardPage> {
  const after = readTimeCursor(options.cursor);
  const take = options.limit + 1;
  const published = sql`coalesce(v.published_at, v.created_at)`;
  // Per creator only ids and sort keys; the card columns (and their joins) for one page only.
  const rows = await sql<CardRow[]>`
    select ${CARD_COLUMNS(sql)} from (
      select x.id from follows f cross join lateral (
        select v.id, ${published} as at from videos v
        where v.owner_id = f.creator_id and ${publicListedSql(sql)}
          ${after ? sql`and (${published}, v.id) < (${after.at}, ${after.id})` : sql``}
        order by ${published} desc, v.id desc
        limit ${take}
      ) x
      where f.follower_id = ${viewer.id}
      order by x.at desc, x.id desc
      limit ${take}
    ) pick join (${CARD_FROM(sql)}) on v.id = pick.id
    order by ${published} desc, v.id desc`;
  const page = rows.slice(0, options.limit).map((r) => toCard(r, options.mediaBaseUrl));
  const last = page.at(-1);
  return {
    videos: page,
    nextCursor: rows.length > options.limit && last
      ? writeTimeCursor(last.publishedAt, last.id)
      : null,
  };
}
