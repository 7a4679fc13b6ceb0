import type { Sql } from "../db/mod.ts";
import { ValidationError } from "../errors.ts";

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
}

/** One page of cards and the cursor of the next page, if there is one. */
export interface CardPage {
  videos: VideoCard[];
  nextCursor: string | null;
}

/**
 * The newest public, playable videos (of one creator, with `ownerId`), newest
 * first, a page at a time. The cursor is the last card's (time, id): stable
 * while new videos arrive, unlike an offset.
 */
export async function listPublicVideos(
  sql: Sql,
  options: { limit: number; cursor?: string; ownerId?: string; mediaBaseUrl?: string },
): Promise<CardPage> {
  const after = options.cursor ? decodeCursor(options.cursor) : undefined;
  const rows = await sql<(Omit<VideoCard, "posterUrl"> & { posterKey: string | null })[]>`
    select v.id, v.title, v.duration_s as "durationS", v.poster_key as "posterKey",
           v.owner_id as "ownerId", u.display_name as "ownerName",
           v.view_count as "viewCount", coalesce(v.published_at, v.created_at) as "publishedAt"
    from videos v join users u on u.id = v.owner_id
    where v.visibility = 'public' and v.playable_at is not null
      and v.status not in ('failed', 'rejected')
      ${options.ownerId ? sql`and v.owner_id = ${options.ownerId}` : sql``}
      ${
    after
      ? sql`and (coalesce(v.published_at, v.created_at), v.id) < (${after.at}, ${after.id})`
      : sql``
  }
    order by coalesce(v.published_at, v.created_at) desc, v.id desc
    limit ${options.limit + 1}`;
  const page = rows.slice(0, options.limit);
  const last = page.at(-1);
  return {
    videos: page.map(({ posterKey, ...v }) => ({
      ...v,
      posterUrl: posterKey?.startsWith(`media/${v.id}/`)
        ? `${options.mediaBaseUrl ?? ""}/${posterKey}`
        : null,
    })),
    nextCursor: rows.length > options.limit && last
      ? encodeCursor(last.publishedAt, last.id)
      : null,
  };
}

function encodeCursor(at: Date, id: string): string {
  return btoa(`${at.toISOString()}|${id}`).replaceAll("=", "");
}

function decodeCursor(cursor: string): { at: Date; id: string } {
  try {
    const [iso, id] = atob(cursor).split("|");
    const at = new Date(iso);
    if (Number.isNaN(at.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) throw new Error();
    return { at, id };
  } catch {
    throw new ValidationError("That page link is not valid.");
  }
}
