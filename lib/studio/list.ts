/**
 * "My videos": one creator's videos filtered by status group and visibility,
 * searched by title, sorted, one bounded page at a time (keyset cursor).
 */
import { z } from "zod";
import type { Sql } from "../db/mod.ts";
import { ValidationError } from "../errors.ts";
import { STUDIO_STATUS_FILTERS, type VideoState } from "../videos/lifecycle.ts";
import { decodeStudioCursor, encodeStudioCursor, type StudioCursor } from "./cursor.ts";

/** The orders the list offers. */
export const STUDIO_SORTS = {
  newest: "Newest first",
  oldest: "Oldest first",
  title: "Title A–Z",
  views: "Most viewed",
} as const;

/** A sort of the list. */
export type StudioSort = keyof typeof STUDIO_SORTS;

/** At most this many videos on a page. */
export const STUDIO_PAGE_MAX = 50;

/** What the list is asked for (validated: see studioQuerySchema). */
export interface StudioQuery {
  status?: string;
  visibility?: "public" | "unlisted" | "private";
  q?: string;
  sort: StudioSort;
  cursor?: string;
  limit: number;
}

/** The query string of /studio; unknown values are refused (400), never guessed. */
export const studioQuerySchema = z.object({
  status: z.enum(Object.keys(STUDIO_STATUS_FILTERS) as [string, ...string[]]).optional()
    .or(z.literal("").transform(() => undefined)),
  visibility: z.enum(["public", "unlisted", "private"]).optional()
    .or(z.literal("").transform(() => undefined)),
  q: z.string().max(100).optional().transform((s) => s?.trim() || undefined),
  sort: z.enum(Object.keys(STUDIO_SORTS) as [StudioSort, ...StudioSort[]]).default("newest"),
  cursor: z.string().max(400).optional(),
  limit: z.coerce.number().int().min(1).max(STUDIO_PAGE_MAX).default(20),
  // Notices after a redirect (?deleted=2, ?updated=3, ?scheduled=1) are the page's own.
  deleted: z.string().max(10).optional(),
  updated: z.string().max(10).optional(),
});

/** A row of the list. */
export interface StudioVideo {
  id: string;
  title: string;
  visibility: "public" | "unlisted" | "private";
  status: VideoState;
  statusReason: string | null;
  durationS: number | null;
  viewCount: number;
  likeCount: number;
  commentCount: number;
  posterKey: string | null;
  createdAt: Date;
  publishedAt: Date | null;
  publishAt: Date | null;
  /** A master playlist exists (it can be watched, by someone). */
  playable: boolean;
  reviewRequired: boolean;
}

/** A page of the list and the cursor of the next one. */
export interface StudioPage {
  videos: StudioVideo[];
  next: string | null;
}

/** One page of `ownerId`'s videos as `query` asks. */
export async function listStudioVideos(
  sql: Sql,
  ownerId: string,
  query: StudioQuery,
): Promise<StudioPage> {
  const states = query.status ? STUDIO_STATUS_FILTERS[query.status]?.states : undefined;
  if (query.status && !states) throw new ValidationError("Unknown status filter.");
  const after = query.cursor ? decodeStudioCursor(query.cursor, query.sort) : undefined;
  const pattern = query.q ? `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  const limit = Math.min(Math.max(1, query.limit), STUDIO_PAGE_MAX);
  const rows = await sql<(StudioVideo & SortKeys)[]>`
    select v.id, v.title, v.visibility, v.status, v.status_reason as "statusReason",
      v.duration_s as "durationS", v.view_count as "viewCount", v.like_count as "likeCount",
      v.comment_count as "commentCount", v.poster_key as "posterKey", v.created_at as "createdAt",
      v.published_at as "publishedAt", v.publish_at as "publishAt",
      (v.master_key is not null and v.playable_at is not null) as playable,
      v.review_required as "reviewRequired", lower(v.title) as "sortTitle",
      (v.created_at at time zone 'UTC')::text as "sortAt"
    from videos v
    where v.owner_id = ${ownerId}
      ${states ? sql`and v.status = any(${states as string[]})` : sql``}
      ${query.visibility ? sql`and v.visibility = ${query.visibility}` : sql``}
      ${pattern ? sql`and v.title ilike ${pattern}` : sql``}
      ${after ? afterCondition(sql, after) : sql``}
    order by ${orderBy(sql, query.sort)}
    limit ${limit + 1}`;
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    videos: page.map(({ sortTitle: _t, sortAt: _a, ...v }) => ({
      ...v,
      viewCount: Number(v.viewCount),
      likeCount: Number(v.likeCount),
      commentCount: Number(v.commentCount),
    })),
    next: more && last ? encodeStudioCursor(cursorOf(query.sort, last)) : null,
  };
}

function orderBy(sql: Sql, sort: StudioSort) {
  switch (sort) {
    case "newest":
      return sql`v.created_at desc, v.id desc`;
    case "oldest":
      return sql`v.created_at asc, v.id asc`;
    case "title":
      return sql`lower(v.title) asc, v.id asc`;
    case "views":
      return sql`v.view_count desc, v.id desc`;
  }
}

// `::text` first: a parameter typed timestamp is sent as a JS Date by postgres.js, which drops
// the microseconds the cursor keeps.
function afterCondition(sql: Sql, c: StudioCursor) {
  switch (c.sort) {
    case "newest":
      return sql`and (v.created_at, v.id) < (${c.at}::text::timestamp at time zone 'UTC', ${c.id})`;
    case "oldest":
      return sql`and (v.created_at, v.id) > (${c.at}::text::timestamp at time zone 'UTC', ${c.id})`;
    case "title":
      return sql`and (lower(v.title), v.id) > (${c.title}, ${c.id})`;
    case "views":
      return sql`and (v.view_count, v.id) < (${c.views}, ${c.id})`;
  }
}

interface SortKeys {
  sortTitle: string;
  sortAt: string;
}

function cursorOf(sort: StudioSort, v: StudioVideo & SortKeys): StudioCursor {
  switch (sort) {
    case "newest":
    case "oldest":
      return { sort, at: v.sortAt, id: v.id };
    case "title":
      return { sort, title: v.sortTitle, id: v.id };
    case "views":
      return { sort, views: Number(v.viewCount), id: v.id };
  }
}
