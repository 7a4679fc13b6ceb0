import type { Sql } from "../db/mod.ts";
import { mediaPath } from "../storage/layout.ts";

/** A video as the catalogue shows it on a card. */
export interface VideoCard {
  id: string;
  title: string;
  durationS: number | null;
  posterUrl: string | null;
  ownerId: string;
  ownerName: string;
  viewCount: number;
  publishedAt: Date;
  /** The category's slug and name, when the video has one. */
  category: { slug: string; name: string } | null;
  /** Published, visible comments (0 when comments are off); lists reading CARD_COLUMNS. */
  commentCount?: number;
  /** Premium-only (shown as a badge while premium is on); lists reading CARD_COLUMNS. */
  premium?: boolean;
}

/** A card row as CARD_COLUMNS selects it. */
export type CardRow = Omit<VideoCard, "posterUrl" | "category"> & {
  posterKey: string | null;
  categorySlug: string | null;
  categoryName: string | null;
};

/**
 * The columns of a card, from `videos v join users u left join categories c`
 * (CARD_FROM): every list of cards selects the same thing.
 */
export const CARD_COLUMNS = (sql: Sql) =>
  sql`v.id, v.title, v.duration_s as "durationS", v.poster_key as "posterKey",
      v.owner_id as "ownerId", u.display_name as "ownerName",
      v.view_count as "viewCount", coalesce(v.published_at, v.created_at) as "publishedAt",
      c.slug as "categorySlug", c.name as "categoryName",
      case when v.comments_off then 0 else v.comment_count end as "commentCount", v.premium`;

/** The joins CARD_COLUMNS reads from. */
export const CARD_FROM = (sql: Sql) =>
  sql`videos v join users u on u.id = v.owner_id left join categories c on c.slug = v.category`;

/** A row as a card, with the poster's URL under `mediaBaseUrl`. */
export function toCard(row: CardRow, mediaBaseUrl = ""): VideoCard {
  const { posterKey, categorySlug, categoryName, ...v } = row;
  return {
    ...v,
    viewCount: Number(v.viewCount),
    commentCount: Number(v.commentCount ?? 0),
    posterUrl: mediaPath(v.id, posterKey) !== undefined ? `${mediaBaseUrl}/${posterKey}` : null,
    category: categorySlug && categoryName ? { slug: categorySlug, name: categoryName } : null,
  };
}
