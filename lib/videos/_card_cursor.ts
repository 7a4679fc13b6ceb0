import { ValidationError } from "../errors.ts";

/** Where a page of cards ends: the last card's sort key and id. */
export type CardCursor =
  | { sort: "newest"; at: Date; id: string }
  | { sort: "popular"; views: number; id: string };

/** Writes a cursor (base64 without padding, so it is URL-safe enough for a query). */
export function encodeCursor(c: CardCursor): string {
  const key = c.sort === "newest" ? c.at.toISOString() : `p${c.views}`;
  return btoa(`${key}|${c.id}`).replaceAll("=", "");
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// What encodeCursor writes: base64 (no padding) of "<ISO time or p<views>>|<uuid>".
const CURSOR = /^[A-Za-z0-9+/]{1,200}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const VIEWS = /^p(0|[1-9]\d{0,14})$/;

/**
 * Reads a cursor that came from a URL, so from anyone: only exactly what
 * encodeCursor produces for this sort is accepted (a time from 1970 to 9999
 * that round-trips or a bounded view count, a well-formed uuid), otherwise a
 * ValidationError. Anything looser reaches Postgres as a value it cannot
 * parse (a 500).
 */
export function decodeCursor(cursor: string, sort: CardCursor["sort"]): CardCursor {
  const invalid = new ValidationError("That page link is not valid.");
  if (!CURSOR.test(cursor)) throw invalid;
  let text: string;
  try {
    text = atob(cursor);
  } catch {
    throw invalid;
  }
  const [key, id, extra] = text.split("|");
  if (extra !== undefined || !UUID.test(id ?? "")) throw invalid;
  if (sort === "popular") {
    if (!VIEWS.test(key ?? "")) throw invalid;
    return { sort, views: Number(key.slice(1)), id };
  }
  if (!ISO.test(key ?? "")) throw invalid;
  const at = new Date(key);
  // Postgres has no year 0 and JS has years it cannot store; no card predates 1970.
  if (Number.isNaN(at.getTime()) || at.toISOString() !== key || at.getTime() < 0) throw invalid;
  return { sort, at, id };
}
