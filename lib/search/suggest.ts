/**
 * Suggestions while someone types in the header: titles, tags and creators
 * that contain a word starting with what was typed (accents and case
 * ignored), from videos the viewer may find, most viewed first.
 */
import type { Queryable, Sql } from "../db/mod.ts";
import type { Viewer } from "../videos/access.ts";
import type { Suggestion } from "./backend.ts";
import { mayFind, visibleSql } from "./visibility.ts";

/** Shorter input suggests nothing (two letters are in almost every title). */
export const MIN_SUGGEST_LENGTH = 2;
/** Longer input is cut to this. */
export const MAX_SUGGEST_LENGTH = 100;
// Candidate videos read per keystroke: enough to find a few of each kind.
const CANDIDATES = 40;

interface Candidate {
  id: string;
  title: string;
  tags: string[];
  ownerId: string;
  ownerName: string;
  visibility: string;
  status: string;
  reviewRequired: boolean;
  accessGroupId: number | null;
}

/** Up to `limit` suggestions: videos first, then tags, then creators. */
export async function suggestFromPostgres(
  tx: Queryable,
  input: string,
  options: { viewer: Viewer; limit: number },
): Promise<Suggestion[]> {
  const typed = fold(input.slice(0, MAX_SUGGEST_LENGTH)).replace(/\s+/gu, " ").trim();
  if ([...typed].length < MIN_SUGGEST_LENGTH) return [];
  const sql = tx as Sql;
  // The trigram index on search_words answers LIKE; the words are checked below.
  const pattern = likePattern(typed);
  // Several words: also match the text without spaces, whose trigrams span the
  // words (0028_suggest_phrases.sql); a necessary condition of the other, so it
  // changes no result, only how few rows are read.
  const joined = typed.includes(" ")
    ? sql`and replace(v.search_words, ' ', '')
      like replace(public.vf_unaccent(${pattern}), ' ', '')`
    : sql``;
  const rows = await sql<Candidate[]>`
    select v.id, v.title, v.tags, v.owner_id as "ownerId", v.creator_name as "ownerName",
           v.visibility, v.status, v.review_required as "reviewRequired",
           v.access_group_id as "accessGroupId"
    from videos v
    where ${visibleSql(sql, options.viewer)}
      and v.search_words like public.vf_unaccent(${pattern}) ${joined}
    order by v.view_count desc, v.id
    limit ${CANDIDATES}`;
  const found = rows.filter((r) => mayFind(r, options.viewer));
  const videos: Suggestion[] = found.filter((r) => startsWord(r.title, typed))
    .map((r) => ({ kind: "video", text: r.title, href: `/v/${r.id}` }));
  const tags = unique(found.flatMap((r) => r.tags.filter((t) => startsWord(t, typed))))
    .map((t): Suggestion => ({ kind: "tag", text: t, href: `/search?q=${encodeURIComponent(t)}` }));
  const creators = uniqueBy(found.filter((r) => startsWord(r.ownerName, typed)), (r) => r.ownerId)
    .map((r): Suggestion => ({ kind: "creator", text: r.ownerName, href: `/u/${r.ownerId}` }));
  // A few tags and creators, and videos for the rest: no kind crowds out the others.
  const share = Math.max(1, Math.floor(options.limit / 4));
  const others = [...tags.slice(0, share), ...creators.slice(0, share)];
  return [...videos.slice(0, Math.max(0, options.limit - others.length)), ...others];
}

/** `%text%` for LIKE, with LIKE's own characters escaped. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Lower case without accents (what unaccent does, for the letters people type). */
export function fold(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

/** Whether a word of `text` starts with `typed` (already folded). */
function startsWord(text: string, typed: string): boolean {
  const hay = fold(text);
  for (let i = hay.indexOf(typed); i !== -1; i = hay.indexOf(typed, i + 1)) {
    if (i === 0 || !/[\p{L}\p{N}]/u.test(hay[i - 1])) return true;
  }
  return false;
}

function unique(items: string[]): string[] {
  return uniqueBy(items, fold);
}

function uniqueBy<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((t) => !seen.has(key(t)) && !!seen.add(key(t)));
}
