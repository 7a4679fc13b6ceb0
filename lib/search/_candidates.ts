/**
 * Which rows a search reads, bounded (migrations/0012_search_speed.sql).
 *
 * A common word matches thousands of videos; fetching and ranking every one
 * before cutting a page of 20 cost 40–240 ms at 100,000 videos. So each
 * search reads a few bounded branches, one per visibility scope (public; the
 * viewer's own non-public ones), each a `select id … order by … limit`, and
 * lets the planner choose per branch between walking an ordered index with
 * the tsquery as a filter (common words: stops after a few hundred rows) and
 * the GIN bitmap (rare words: few matches to sort). The statement is planned
 * for the actual query (custom plans, see postgres.ts), or the planner cannot
 * tell common from rare.
 *
 * - `newest` and `views`: the branch is the exact page (keyset inside, limit
 *   page + 1), so results are the same as ranking everything, only found sooner.
 * - `relevance`: the candidates are the `perBranch` most viewed matches, plus the
 *   `perBranch` most viewed matches in the title (weight A: a title match
 *   always outranks a match elsewhere for one word, and a title word is rarer,
 *   so strong matches are not crowded out by popular passing mentions), plus,
 *   in the typo fallback, the exact matches (they rank first). Only those are
 *   ranked; a relevance search therefore ends after at most a few hundred results.
 */
import type postgres from "postgres";
import type { Sql } from "../db/mod.ts";
import type { SearchRequest } from "./backend.ts";
import type { SearchCursor } from "./cursor.ts";
import { type VisibleScope, visibleScopes } from "./visibility.ts";

// What sql`` builds here, and what the callers' builders return (typed apart by postgres.js).
type Fragment = postgres.PendingQuery<postgres.Row[]>;
type Built = ReturnType<Sql>;

/**
 * Default candidates per branch for relevance: a relevance search shows at most
 * about 100–150 results (5+ pages; `newest` and `views` page through every
 * match). Each walk reads about this many rows divided by the share of videos
 * matching: at 100 instead, searches cost about twice the database CPU
 * (bench/discovery_bench.ts).
 */
export const CANDIDATES_PER_BRANCH = 50;

/** What the branches need: the query's parts as SQL, built fresh for each use. */
export interface CandidateQuery {
  /** The tsquery searched (with corrections in the typo fallback). */
  tsq: () => Built;
  /** The exact tsquery, when the typo fallback is on. */
  exact?: () => Built;
  /** The filters' condition on `videos v`. */
  filters: () => Built;
}

/**
 * The rows to rank or page, as a union of bounded branches: `id, search,
 * view_count, at` (what ranking and paging need, so only the page's rows are
 * fetched again for display). An id may come from several branches.
 */
export function candidatesSql(
  sql: Sql,
  request: SearchRequest,
  options: { query: CandidateQuery; after?: SearchCursor; perBranch: number },
): Fragment {
  const { query } = options;
  const branches: Fragment[] = [];
  for (const scope of visibleScopes(sql, request.viewer)) {
    const match = (tsq: Built) => scopeMatch(sql, scope, tsq);
    const where = (m: Fragment) => sql`${scope.where} and ${query.filters()} and ${m}`;
    if (request.sort === "relevance") {
      const matches = [match(query.tsq())];
      if (!scope.own) {
        matches.push(sql`v.title_search @@ ${query.tsq()}`);
        if (query.exact) matches.push(match(query.exact()));
      }
      for (const m of matches) {
        branches.push(sql`(select ${COLUMNS(sql)} from videos v where ${where(m)}
          order by v.view_count desc, v.id desc limit ${options.perBranch})`);
      }
    } else {
      const key = request.sort === "newest"
        ? sql`coalesce(v.published_at, v.created_at)`
        : sql`v.view_count`;
      const after = options.after ? afterSql(sql, request.sort, options.after) : sql`true`;
      branches.push(sql`(select ${COLUMNS(sql)} from videos v
        where ${where(match(query.tsq()))} and ${after}
        order by ${key} desc, v.id desc limit ${request.limit + 1})`);
    }
  }
  return branches.reduce((a, b) => sql`${a} union all ${b}`);
}

const COLUMNS = (sql: Sql) =>
  sql`v.id, v.search, v.view_count, coalesce(v.published_at, v.created_at) as at`;

/**
 * `v.search @@ tsq` as a scope should read it. The viewer's own hidden videos are
 * a few hundred at most: read them through the owner index and test the text on
 * each ("is true" keeps the planner off the text index, whose bitmap for a
 * common word alone took 12 ms).
 */
export function scopeMatch(sql: Sql, scope: VisibleScope, tsq: Built): Fragment {
  return scope.own ? sql`(v.search @@ ${tsq}) is true` : sql`v.search @@ ${tsq}`;
}

// The keyset on the index's own expressions (so the walk starts at the cursor).
function afterSql(sql: Sql, sort: SearchRequest["sort"], after: SearchCursor): Fragment {
  if (sort === "newest") {
    return sql`(coalesce(v.published_at, v.created_at), v.id) < (${after
      .key as Date}, ${after.id}::uuid)`;
  }
  return sql`(v.view_count, v.id) < (${after.key as number}, ${after.id}::uuid)`;
}
