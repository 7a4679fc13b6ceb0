import type { Sql } from "../db/mod.ts";
import { CARD_COLUMNS, CARD_FROM, type CardRow, toCard, type VideoCard } from "./_cards.ts";
import type { Category } from "./categories.ts";
import { listedCondition } from "./lifecycle.ts";

/** One home-page shelf per category that has public videos. */
export interface CategoryShelf {
  category: Pick<Category, "slug" | "name">;
  videos: VideoCard[];
}

/**
 * The newest `perCategory` public, listed videos of each category, categories
 * in the admins' order, empty categories left out. One bounded query: at most
 * `maxCategories` × `perCategory` rows.
 */
export async function listCategoryShelves(
  sql: Sql,
  options: { perCategory: number; maxCategories: number; mediaBaseUrl?: string },
): Promise<CategoryShelf[]> {
  const rows = await sql<(CardRow & { position: number })[]>`
    with ranked as (
      select ${CARD_COLUMNS(sql)}, c.position,
             row_number() over (partition by v.category
               order by coalesce(v.published_at, v.created_at) desc, v.id desc) as n
      from ${CARD_FROM(sql)}
      where v.visibility = 'public' and v.category is not null and ${listedCondition(sql)}
    ), shelves as (
      select distinct "categorySlug", position, "categoryName" from ranked
      order by position, "categoryName" limit ${options.maxCategories}
    )
    select r.* from ranked r join shelves s using ("categorySlug")
    where r.n <= ${options.perCategory}
    order by r.position, r."categoryName", r.n`;
  const shelves: CategoryShelf[] = [];
  for (const row of rows) {
    const card = toCard(row, options.mediaBaseUrl);
    const last = shelves.at(-1);
    if (last?.category.slug === row.categorySlug) last.videos.push(card);
    else shelves.push({ category: card.category!, videos: [card] });
  }
  return shelves;
}
