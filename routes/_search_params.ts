import { z } from "zod";
import {
  DURATIONS,
  SEARCH_SORTS,
  type SearchFilters,
  UPLOAD_WINDOWS,
} from "../lib/search/backend.ts";
import { MAX_QUERY_LENGTH } from "../lib/search/query.ts";
import { MAX_SUGGEST_LENGTH } from "../lib/search/suggest.ts";
import { normalizeTag } from "../lib/shared/tags.ts";

// Printable text only: no control characters in anything echoed back.
const text = (max: number) =>
  z.string().trim().max(max).refine(
    (s) => !/\p{Cc}/u.test(s),
    "Control characters are not allowed.",
  );
const optionalText = (max: number) =>
  z.preprocess((v) => (v === "" ? undefined : v), text(max).pipe(z.string().min(1)).optional());
const optionalEnum = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess((v) => (v === "" ? undefined : v), z.enum(values).optional());

/** The search parameters shared by /search and GET /api/v1/search. */
export const searchParams = z.object({
  q: text(MAX_QUERY_LENGTH).default(""),
  date: optionalEnum(UPLOAD_WINDOWS),
  duration: optionalEnum(DURATIONS),
  category: optionalText(64),
  // Tags are stored canonical: "Café" finds what was tagged "cafe" (lib/shared/tags.ts).
  tag: optionalText(64).transform((t) => t === undefined ? undefined : normalizeTag(t) ?? t),
  sort: optionalEnum(SEARCH_SORTS).transform((s) => s ?? "relevance"),
  cursor: z.string().max(300).optional(),
});

/** GET /api/v1/search also takes a page size. */
export const searchApiParams = searchParams.extend({
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

/** GET /api/v1/search/suggest. */
export const suggestParams = z.object({
  q: text(MAX_SUGGEST_LENGTH),
  limit: z.coerce.number().int().min(1).max(10).default(8),
});

/** The filters out of parsed parameters. */
export function filtersOf(p: z.infer<typeof searchParams>): SearchFilters {
  return { date: p.date, duration: p.duration, category: p.category, tag: p.tag };
}
