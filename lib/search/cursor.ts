/**
 * Search page cursors: where the previous page ended, in the order it was
 * sorted by. Cursors come from URLs, so from anyone: decodeSearchCursor()
 * accepts exactly what encodeSearchCursor() writes and nothing else (the same
 * strictness as lib/videos/browse.ts), so a crafted one is a 400, never a 500.
 */
import { ValidationError } from "../errors.ts";
import type { SearchSort } from "./backend.ts";

/** The position after which the next page starts. */
export interface SearchCursor {
  sort: SearchSort;
  /** Whether the first page decided to include near spellings (kept for every page). */
  fuzzy: boolean;
  /** The sort key of the last row: a relevance score, a view count or a time. */
  key: number | Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const BASE64 = /^[A-Za-z0-9+/]{1,300}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const NUMBER = /^-?\d{1,20}(\.\d{1,20})?(e-?\d{1,3})?$/;

/** A cursor for the next page. */
export function encodeSearchCursor(cursor: SearchCursor): string {
  const key = cursor.key instanceof Date ? cursor.key.toISOString() : String(cursor.key);
  return btoa(`${cursor.sort}|${cursor.fuzzy ? "f" : "e"}|${key}|${cursor.id}`)
    .replaceAll("=", "");
}

/** Reads a cursor for a search sorted by `sort`; anything else is a ValidationError. */
export function decodeSearchCursor(text: string, sort: SearchSort): SearchCursor {
  const invalid = new ValidationError("That page link is not valid.");
  if (!BASE64.test(text)) throw invalid;
  let plain: string;
  try {
    plain = atob(text);
  } catch {
    throw invalid;
  }
  const [s, mode, key, id, extra] = plain.split("|");
  if (extra !== undefined || s !== sort || (mode !== "e" && mode !== "f")) throw invalid;
  if (!UUID.test(id ?? "")) throw invalid;
  return { sort, fuzzy: mode === "f", key: parseKey(sort, key ?? "", invalid), id };
}

function parseKey(sort: SearchSort, key: string, invalid: Error): number | Date {
  if (sort === "newest") {
    if (!ISO.test(key)) throw invalid;
    const at = new Date(key);
    // Postgres has no year 0 and JS has years it cannot store; nothing predates 1970.
    if (Number.isNaN(at.getTime()) || at.toISOString() !== key || at.getTime() < 0) throw invalid;
    return at;
  }
  if (!NUMBER.test(key)) throw invalid;
  const n = Number(key);
  // Only what String(n) wrote: a finite number that round-trips exactly.
  if (!Number.isFinite(n) || String(n) !== key) throw invalid;
  if (sort === "views" && (!Number.isSafeInteger(n) || n < 0)) throw invalid;
  return n;
}
