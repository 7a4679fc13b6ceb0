import type { Sql } from "../db/mod.ts";
import { ValidationError } from "../errors.ts";
import { mediaPath } from "../storage/layout.ts";
import { listedCondition } from "./lifecycle.ts";

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
    where v.visibility = 'public' and ${listedCondition(sql)}
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
      posterUrl: mediaPath(v.id, posterKey) !== undefined
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// What encodeCursor writes: base64 (no padding) of "<ISO time>|<uuid>".
const CURSOR = /^[A-Za-z0-9+/]{1,200}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * Reads a cursor that came from a URL, so from anyone: only exactly what
 * encodeCursor produces is accepted (a time from 1970 to 9999 that round-trips,
 * a well-formed uuid), otherwise a ValidationError. Anything looser reaches
 * Postgres as a value it cannot parse (a 500).
 */
function decodeCursor(cursor: string): { at: Date; id: string } {
  const invalid = new ValidationError("That page link is not valid.");
  if (!CURSOR.test(cursor)) throw invalid;
  let text: string;
  try {
    text = atob(cursor);
  } catch {
    throw invalid;
  }
  const [iso, id, extra] = text.split("|");
  if (extra !== undefined || !ISO.test(iso ?? "") || !UUID.test(id ?? "")) throw invalid;
  const at = new Date(iso);
  // Postgres has no year 0 and JS has years it cannot store; no card predates 1970.
  if (Number.isNaN(at.getTime()) || at.toISOString() !== iso || at.getTime() < 0) throw invalid;
  return { at, id };
}
