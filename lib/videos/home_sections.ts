import type { Sql } from "../db/mod.ts";
import { CARD_COLUMNS, CARD_FROM, type CardRow, toCard, type VideoCard } from "./_cards.ts";
import type { Category } from "./categories.ts";
import { publicListedSql, type Viewer } from "./access.ts";

/** One home-page shelf per category that has public videos. */
export interface CategoryShelf {
  category: Pick<Category, "slug" | "name">;
  videos: VideoCard[];
}

/**
 * The newest `perCategory` public, listed videos of each category, categories
 * in the admins' order, empty categories left out. Each shelf is an index walk
 * (`videos_category_idx`) of at most `perCategory` rows, not a scan of the
 * catalogue, and at most `maxCategories` shelves.
 */
export async function listCategoryShelves(
  sql: Sql,
  options: { perCategory: number; maxCategories: number; mediaBaseUrl?: string; viewer?: Viewer },
): Promise<CategoryShelf[]> {
  const listed = sql`${publicListedSql(sql, options.viewer)}`;
  const rows = await sql<CardRow[]>`
    with shelves as (
      select c.slug, c.name, c.position from categories c
      where exists (select 1 from videos v where v.category = c.slug and ${listed})
      order by c.position, c.name limit ${options.maxCategories}
    )
    select ${CARD_COLUMNS(sql)}
    from shelves s
    cross join lateral (
      select v.id from videos v where v.category = s.slug and ${listed}
      order by coalesce(v.published_at, v.created_at) desc, v.id desc
      limit ${options.perCategory}
    ) pick
    join ${CARD_FROM(sql)} on v.id = pick.id
    order by s.position, s.name, coalesce(v.published_at, v.created_at) desc, v.id desc`;
  const shelves: CategoryShelf[] = [];
  for (const row of rows) {
    const card = toCard(row, options.mediaBaseUrl);
    const last = shelves.at(-1);
    if (last?.category.slug === row.categorySlug) last.videos.push(card);
    else shelves.push({ category: card.category!, videos: [card] });
  }
  return shelves;
}
