/**
 * What search is, independent of what does the searching: routes talk to a
 * SearchBackend only, so that a search engine could replace Postgres
 * (lib/search/postgres.ts) without a route changing.
 */
import type { Viewer } from "../videos/access.ts";
import type { Suggestion } from "../shared/search_suggestion.ts";
import type { ParsedQuery } from "./query.ts";

/** Result orders. */
export const SEARCH_SORTS = ["relevance", "newest", "views"] as const;
export type SearchSort = typeof SEARCH_SORTS[number];

/** When a video was uploaded, relative to now. */
export const UPLOAD_WINDOWS = ["hour", "day", "week", "month", "year"] as const;
export type UploadWindow = typeof UPLOAD_WINDOWS[number];

/** Lengths as video sites define them: under 4 minutes, 4 to 20, over 20. */
export const DURATIONS = ["short", "medium", "long"] as const;
export type DurationFilter = typeof DURATIONS[number];

/** Narrowing a search. */
export interface SearchFilters {
  /** Uploaded within this window (the parameter `date`). */
  date?: UploadWindow;
  duration?: DurationFilter;
  category?: string;
  tag?: string;
}

/** One search: the parsed query, who asks, and which page. */
export interface SearchRequest {
  query: ParsedQuery;
  viewer: Viewer;
  filters: SearchFilters;
  sort: SearchSort;
  limit: number;
  /** From a previous page's nextCursor; the backend validates it (ValidationError). */
  cursor?: string;
}

/** A piece of highlighted text: `match` marks the words the query found. */
export interface TextSegment {
  text: string;
  match: boolean;
}

/** One result. */
export interface SearchHit {
  id: string;
  title: string;
  titleHighlight: TextSegment[];
  /** A passage of the description around the matches, highlighted (may be empty). */
  snippet: TextSegment[];
  durationS: number | null;
  posterUrl: string | null;
  ownerId: string;
  ownerName: string;
  tags: string[];
  category: string | null;
  viewCount: number;
  publishedAt: Date;
  /** False for a near spelling found by the typo fallback. */
  exact: boolean;
  /** Premium-only (a badge while premium is on). */
  premium: boolean;
}

/**
 * A page of results. There is deliberately no total: a count would have to be
 * computed over exactly what the viewer may see, and "more" is all a pager needs.
 */
export interface SearchPage {
  hits: SearchHit[];
  nextCursor: string | null;
  /** True when exact matches were few and near spellings were included. */
  fuzzy: boolean;
}

export type { Suggestion };

/** A search implementation. Every method returns only what `viewer` may see. */
export interface SearchBackend {
  search(request: SearchRequest): Promise<SearchPage>;
  suggest(prefix: string, options: { viewer: Viewer; limit: number }): Promise<Suggestion[]>;
}
