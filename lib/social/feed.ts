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
 * One join, so that the planner picks the path: for someone following many
 * creators it walks videos_public_newest_idx (newest public first) and probes
 * follows_pkey for each until the page is full (0.3 ms at 500 of 2,000
 * creators followed); for a few creators it reads their videos by
 * videos_owner_published_idx. A LATERAL probe per creator, merged, was
 * measured first and took 20+ ms at 500 creators (bench/social_bench.ts keeps
 * it as the baseline: `followFeedPerCreator`).
 */
export async function followFeed(
  sql: Sql,
  viewer: NonNullable<Viewer>,
  options: { limit: number; cursor?: string; mediaBaseUrl?: string },
): Promise<CardPage> {
  const after = readTimeCursor(options.cursor);
  const take = options.limit + 1;
  const published = sql`coalesce(v.published_at, v.created_at)`;
  const rows = await sql<CardRow[]>`
    select ${CARD_COLUMNS(sql)}
    from follows f join (${CARD_FROM(sql)}) on v.owner_id = f.creator_id
    where f.follower_id = ${viewer.id} and ${publicListedSql(sql, viewer)}
      ${after ? sql`and (${published}, v.id) < (${after.at}, ${after.id})` : sql``}
    order by ${published} desc, v.id desc
    limit ${take}`;
  const page = rows.slice(0, options.limit).map((r) => toCard(r, options.mediaBaseUrl));
  const last = page.at(-1);
  return {
    videos: page,
    nextCursor: rows.length > options.limit && last
      ? writeTimeCursor(last.publishedAt, last.id)
      : null,
  };
}
