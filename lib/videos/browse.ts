import type { Sql } from "../db/mod.ts";
import { type CardCursor, decodeCursor, encodeCursor } from "./_card_cursor.ts";
import { CARD_COLUMNS, CARD_FROM, type CardRow, toCard, type VideoCard } from "./_cards.ts";
import { publicListedSql, type Viewer } from "./access.ts";

export type { VideoCard } from "./_cards.ts";

/** One page of cards and the cursor of the next page, if there is one. */
export interface CardPage {
  videos: VideoCard[];
  nextCursor: string | null;
}

/** How a list of cards is ordered: newest first, or most viewed first. */
export type CardSort = CardCursor["sort"];

/** Which public videos to list (all filters are optional and combine). */
export interface BrowseOptions {
  limit: number;
  cursor?: string;
  sort?: CardSort;
  /** One creator's videos (a channel page). */
  ownerId?: string;
  /** A canonical tag (lib/shared/tags.ts). */
  tag?: string;
  /** A category slug. */
  category?: string;
  mediaBaseUrl?: string;
  /** Who is looking (category-based access; absent: anonymous). */
  viewer?: Viewer;
}

/**
 * Public, listed videos (of one creator, with a tag or in a category), newest
 * or most viewed first, a page at a time. The cursor is the last card's
 * (sort key, id): stable while new videos arrive, unlike an offset.
 */
export async function listPublicVideos(sql: Sql, options: BrowseOptions): Promise<CardPage> {
  const sort = options.sort ?? "newest";
  const after = options.cursor ? decodeCursor(options.cursor, sort) : undefined;
  const published = sql`coalesce(v.published_at, v.created_at)`;
  const rows = await sql<CardRow[]>`
    select ${CARD_COLUMNS(sql)} from ${CARD_FROM(sql)}
    where ${publicListedSql(sql, options.viewer)}
      ${options.ownerId ? sql`and v.owner_id = ${options.ownerId}` : sql``}
      ${options.tag ? sql`and v.tags @> ${[options.tag]}::text[]` : sql``}
      ${options.category ? sql`and v.category = ${options.category}` : sql``}
      ${
    !after
      ? sql``
      : after.sort === "newest"
      ? sql`and (${published}, v.id) < (${after.at}, ${after.id})`
      : sql`and (v.view_count, v.id) < (${after.views}, ${after.id})`
  }
    order by ${sort === "newest" ? published : sql`v.view_count`} desc, v.id desc
    limit ${options.limit + 1}`;
  const page = rows.slice(0, options.limit).map((r) => toCard(r, options.mediaBaseUrl));
  const last = page.at(-1);
  return {
    videos: page,
    nextCursor: rows.length > options.limit && last
      ? encodeCursor(
        sort === "newest"
          ? { sort, at: last.publishedAt, id: last.id }
          : { sort, views: last.viewCount, id: last.id },
      )
      : null,
  };
}
