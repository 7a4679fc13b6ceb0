/**
 * The Postgres search backend: full text over the generated, weighted
 * `videos.search` (migrations/0008_search.sql), near spellings through
 * trigrams when exact matches are few, highlights with ts_headline. Every
 * statement is bounded by a LIMIT and a statement timeout.
 */
import type postgres from "postgres";
import type { Queryable, Sql } from "../db/mod.ts";
import type { Viewer } from "../videos/access.ts";
import type { SearchBackend, SearchFilters, SearchPage, SearchRequest } from "./backend.ts";
import { decodeSearchCursor, encodeSearchCursor, type SearchCursor } from "./cursor.ts";
import { MARK_END, MARK_START, splitMarked } from "./highlight.ts";
import { posterUrl, withTimeout } from "./_pg.ts";
import { suggestFromPostgres } from "./suggest.ts";
import { fuzzyWords, tsquerySql } from "./_tsquery.ts";
import { mayFind, visibleScopes } from "./visibility.ts";
import { CANDIDATES_PER_BRANCH, candidatesSql, scopeMatch } from "./_candidates.ts";

/** Fewer exact matches than this and near spellings are included. */
export const FUZZY_BELOW = 3;
/** Known words tried in place of each query word, and how alike they must be (0–1). */
const CORRECTIONS = 3;
const MIN_SIMILARITY = 0.4;
/** The most viewed public videos in which the few-exact check looks first. */
const FEW_EXACT_PROBE = 300;

type Fragment = ReturnType<Sql>;

/**
 * What every search statement runs under (local to its transaction). Custom plans:
 * only with the query's words can the planner tell a common word (walk an ordered
 * index, stop early) from a rare one (GIN bitmap). No seq scan: a search never reads
 * the whole table; for a misspelt prefix ("tutoral:*") the planner priced a seq scan
 * that stops at 3 rows below the GIN bitmap, and with no match it read every row
 * (85 ms at 100,000 videos; the bitmap: 0.1 ms).
 */
const SEARCH_SETTINGS = { plan_cache_mode: "force_custom_plan", enable_seqscan: "off" };

// ShortWord=0: ts_headline drops words of up to ShortWord letters at a fragment's edges, even with
// HighlightAll, so "A free walk" came back as "free walk" (and a description's first "A" with it).
const HEADLINE_OPTIONS =
  `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=28, MinWords=12, ShortWord=0, MaxFragments=2, FragmentDelimiter=" … "`;

interface Row {
  id: string;
  title: string;
  titleMarked: string;
  snippetMarked: string;
  durationS: number | null;
  posterKey: string | null;
  ownerId: string;
  ownerName: string;
  tags: string[];
  category: string | null;
  viewCount: number;
  visibility: string;
  status: string;
  reviewRequired: boolean;
  accessGroupId: number | null;
  at: Date;
  score: number;
  exact: boolean;
  premium: boolean;
}

/** Search on the catalogue database. */
export class PostgresSearch implements SearchBackend {
  constructor(
    private readonly sql: Sql,
    private readonly options: {
      mediaBaseUrl?: string;
      /** Relevance candidates per branch (lib/search/_candidates.ts); tests make it small. */
      candidates?: number;
    } = {},
  ) {}

  /** One page of results for `request`; a bad cursor is a ValidationError. */
  async search(request: SearchRequest): Promise<SearchPage> {
    const after = request.cursor ? decodeSearchCursor(request.cursor, request.sort) : undefined;
    if (request.query.groups.length === 0) return { hits: [], nextCursor: null, fuzzy: false };
    return await withTimeout(this.sql, async (tx) => {
      const fuzzy = after ? after.fuzzy : await this.#fewExact(tx, request);
      const rows = await this.#rows(tx, request, { fuzzy, after });
      const page = rows.slice(0, request.limit).filter((r) => mayFind(r, request.viewer));
      const last = rows.length > request.limit ? rows[request.limit - 1] : undefined;
      return {
        hits: page.map((r) => ({
          id: r.id,
          title: r.title,
          titleHighlight: splitMarked(r.titleMarked),
          snippet: splitMarked(r.snippetMarked),
          durationS: r.durationS,
          posterUrl: posterUrl(r.id, r.posterKey, this.options.mediaBaseUrl),
          ownerId: r.ownerId,
          ownerName: r.ownerName,
          tags: r.tags,
          category: r.category,
          viewCount: r.viewCount,
          publishedAt: r.at,
          exact: r.exact,
          premium: r.premium,
        })),
        nextCursor: last
          ? encodeSearchCursor({
            sort: request.sort,
            fuzzy,
            key: sortKey(request, last),
            id: last.id,
          })
          : null,
        fuzzy,
      };
    }, { settings: SEARCH_SETTINGS });
  }

  /** Suggestions for the header's search box. */
  async suggest(prefix: string, options: { viewer: Viewer; limit: number }) {
    // Planned for the text typed: a generic plan cannot know that two letters have no
    // trigram (so the trigram index would read all of it) while walking the most viewed
    // stops at once (bench/discovery_bench.ts: "gu" 44 ms generic, < 1 ms planned).
    return await withTimeout(this.sql, (tx) => suggestFromPostgres(tx, prefix, options), {
      settings: { plan_cache_mode: "force_custom_plan" },
    });
  }

  // Whether exact matches (that this viewer may see, with these filters) are few. In
  // two bounded steps: a common word is found at once among the most viewed public
  // videos; only otherwise (a rare word, or narrow filters) each visibility scope is
  // asked, through the text index (whose bitmap is small for a rare word). A LIMIT 3
  // over everything read the whole table or index when there was no match.
  async #fewExact(tx: Queryable, request: SearchRequest): Promise<boolean> {
    if (fuzzyWords(request.query).length === 0) return false;
    const sql = tx as Sql;
    const scopes = visibleScopes(sql, request.viewer);
    const exact = () => tsquerySql(sql, request.query);
    const filters = () => filtersSql(sql, request.filters);
    const count = async (from: postgres.PendingQuery<postgres.Row[]>) =>
      (await sql<{ n: number }[]>`select count(*)::int as n from (${from}) x`)[0].n;
    const [pub] = scopes.filter((s) => !s.own);
    const top = await count(sql`
      select 1 from (select v.* from videos v where ${pub.where}
                     order by v.view_count desc, v.id desc limit ${FEW_EXACT_PROBE}) v
      where ${filters()} and v.search @@ ${exact()} limit ${FUZZY_BELOW}`);
    if (top >= FUZZY_BELOW) return false;
    const parts = scopes.map((s) =>
      sql`(select 1 from videos v where ${s.where} and ${filters()}
             and ${scopeMatch(sql, s, exact())} limit ${FUZZY_BELOW})`
    );
    return await count(parts.reduce((a, b) => sql`${a} union all ${b}`)) < FUZZY_BELOW;
  }

  // Up to CORRECTIONS known words near each query word (trigram similarity on the
  // small lexicon table, not on every video).
  async #corrections(tx: Queryable, words: string[]): Promise<Map<string, string[]>> {
    const sql = tx as Sql;
    const out = new Map<string, string[]>();
    for (const word of words) {
      const rows = await sql<{ word: string }[]>`
        select l.word from search_lexicon l, (select public.vf_unaccent(${word}) as w) q
        where l.word % q.w and similarity(l.word, q.w) >= ${MIN_SIMILARITY} and l.word <> q.w
        order by similarity(l.word, q.w) desc, l.word
        limit ${CORRECTIONS}`;
      out.set(word, rows.map((r) => r.word));
    }
    return out;
  }

  async #rows(
    tx: Queryable,
    request: SearchRequest,
    options: { fuzzy: boolean; after?: SearchCursor },
  ): Promise<Row[]> {
    const sql = tx as Sql;
    const { query } = request;
    const alternatives = options.fuzzy ? await this.#corrections(tx, fuzzyWords(query)) : undefined;
    // Bounded branches (lib/search/_candidates.ts), then only those rows ranked and paged.
    const candidates = candidatesSql(sql, request, {
      query: {
        tsq: () => tsquerySql(sql, query, { alternatives }),
        exact: options.fuzzy ? () => tsquerySql(sql, query) : undefined,
        filters: () => filtersSql(sql, request.filters),
      },
      after: options.after,
      perBranch: this.options.candidates ?? CANDIDATES_PER_BRANCH,
    });
    return await sql<Row[]>`
      with q as (select ${tsquerySql(sql, query, { alternatives })} as tsq,
                        ${tsquerySql(sql, query)} as exact),
      matches as (
        select distinct on (c.id) c.id, c.view_count, c.at, c.search @@ q.exact as exact,
               -- Exact matches first, then corrections, each by rank.
               (ts_rank(c.search, q.tsq) + (c.search @@ q.exact)::int)::float8 as score
        from (${candidates}) c cross join q
      ),
      page as (
        select * from matches m
        where ${options.after ? keysetSql(sql, request.sort, options.after) : sql`true`}
        order by ${orderSql(sql, request.sort)}
        limit ${request.limit + 1}
      )
      select p.id, v.title, v.duration_s as "durationS", v.poster_key as "posterKey",
             v.owner_id as "ownerId", v.creator_name as "ownerName", v.tags, v.category,
             p.view_count as "viewCount", v.visibility, v.status,
             v.review_required as "reviewRequired", v.access_group_id as "accessGroupId",
             p.at, p.score, p.exact, v.premium,
             ts_headline(${CONFIG}::regconfig, translate(v.title, ${MARKS}, ''), q.tsq,
               ${`${HEADLINE_OPTIONS}, HighlightAll=true`}) as "titleMarked",
             ts_headline(${CONFIG}::regconfig, translate(v.description, ${MARKS}, ''), q.tsq,
               ${HEADLINE_OPTIONS}) as "snippetMarked"
      from page p join videos v on v.id = p.id cross join q
      order by ${orderSql(sql, request.sort, "p")}`;
  }
}

const CONFIG = "public.vf_search";
const MARKS = MARK_START + MARK_END;

function sortKey(request: SearchRequest, row: Row): number | Date {
  return request.sort === "newest" ? row.at : request.sort === "views" ? row.viewCount : row.score;
}

function orderSql(sql: Sql, sort: SearchRequest["sort"], t = "m"): Fragment {
  const col = sort === "newest" ? "at" : sort === "views" ? "view_count" : "score";
  return sql`${sql(`${t}.${col}`)} desc, ${sql(`${t}.id`)} desc`;
}

function keysetSql(sql: Sql, sort: SearchRequest["sort"], after: SearchCursor): Fragment {
  if (sort === "newest") return sql`(m.at, m.id) < (${after.key as Date}, ${after.id}::uuid)`;
  if (sort === "views") {
    return sql`(m.view_count, m.id) < (${after.key as number}, ${after.id}::uuid)`;
  }
  return sql`(m.score, m.id) < (${after.key as number}::float8, ${after.id}::uuid)`;
}

const SINCE: Record<NonNullable<SearchFilters["date"]>, string> = {
  hour: "1 hour",
  day: "1 day",
  week: "7 days",
  month: "1 month",
  year: "1 year",
};

function filtersSql(sql: Sql, f: SearchFilters): Fragment {
  const parts: Fragment[] = [sql`true`];
  if (f.date) {
    parts.push(
      sql`coalesce(v.published_at, v.created_at) >= now() - ${SINCE[f.date]}::interval`,
    );
  }
  if (f.duration === "short") parts.push(sql`v.duration_s < 240`);
  if (f.duration === "medium") parts.push(sql`v.duration_s between 240 and 1200`);
  if (f.duration === "long") parts.push(sql`v.duration_s > 1200`);
  if (f.category) parts.push(sql`v.category = ${f.category}`);
  if (f.tag) parts.push(sql`v.tags @> ${[f.tag]}::text[]`);
  return and(sql, parts);
}

function and(sql: Sql, parts: Fragment[]): Fragment {
  return parts.reduce((a, b) => sql`${a} and ${b}`);
}
