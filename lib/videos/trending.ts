import type { Sql } from "../db/mod.ts";
import { CARD_COLUMNS, CARD_FROM, type CardRow, toCard, type VideoCard } from "./_cards.ts";
import { publicListedAnyGroupSql, publicListedSql, type Viewer } from "./access.ts";

/** Only views this recent count towards trending. */
export const TRENDING_WINDOW_HOURS = 48;
/** A view's weight halves every this many hours: a view now counts 16× one 48 h ago. */
export const TRENDING_HALF_LIFE_HOURS = 12;

/**
 * The ids of the public, listed videos with the most recent views, best
 * first: each counted view in the last TRENDING_WINDOW_HOURS
 * (video_view_events, written by recordView) weighs 0.5^(age / half-life), so
 * yesterday's burst sinks below today's. Videos without recent views do not
 * trend. This sums every recent view (≈ 140–270 ms for 70,000 of them here), so
 * the workers store it (trending_table.ts) and pages read that.
 */
export async function rankTrending(sql: Sql, limit: number): Promise<string[]> {
  const rows = await sql<{ id: string }[]>`${rankingSql(sql, limit)}`;
  return rows.map((r) => r.id);
}

/** The ranking as SQL: `(id, score)` rows, best first, at most `limit`. */
export function rankingSql(sql: Sql, limit: number): ReturnType<Sql> {
  return sql`
    with recent as (
      -- In float8: extract() gives numeric, whose power() is ~7× slower here.
      select video_id, sum(power(0.5::float8,
               extract(epoch from (now() - at))::float8 / ${
    TRENDING_HALF_LIFE_HOURS * 3600
  })) as score
      from video_view_events
      where at > now() - make_interval(hours => ${TRENDING_WINDOW_HOURS})
      group by video_id
    )
    select v.id, r.score from recent r join videos v on v.id = r.video_id
    where ${publicListedAnyGroupSql(sql)}
    order by r.score desc, v.id desc
    limit ${limit}`;
}

/**
 * Cards for ranked ids, in their order, visibility checked again now: a
 * ranking may be a minute old, and a video made private since must not show.
 */
export async function trendingCards(
  sql: Sql,
  ids: string[],
  options: { limit: number; mediaBaseUrl?: string; viewer?: Viewer },
): Promise<VideoCard[]> {
  if (ids.length === 0) return [];
  const rows = await sql<(CardRow & { rank: number })[]>`
    select ${CARD_COLUMNS(sql)}, r.rank
    from unnest(${ids}::uuid[]) with ordinality as r(id, rank)
    join ${CARD_FROM(sql)} on v.id = r.id
    where ${publicListedSql(sql, options.viewer)}
    order by r.rank limit ${options.limit}`;
  return rows.map(({ rank: _rank, ...r }) => toCard(r, options.mediaBaseUrl));
}

/** The trending cards, ranked now (tests and small sites; pages use cachedRanking()). */
export async function listTrending(
  sql: Sql,
  options: { limit: number; mediaBaseUrl?: string; viewer?: Viewer },
): Promise<VideoCard[]> {
  return await trendingCards(sql, await rankTrending(sql, options.limit), options);
}

/**
 * `rank` run at most once per `ttlMs` (callers in the meantime share the
 * last answer or the one in flight); a failed ranking is not kept.
 */
export function cachedRanking(
  rank: () => Promise<string[]>,
  options: { ttlMs: number; now?: () => number },
): () => Promise<string[]> {
  const now = options.now ?? Date.now;
  let kept: { at: number; ids: Promise<string[]> } | undefined;
  return () => {
    if (!kept || now() - kept.at >= options.ttlMs) {
      const ids = rank();
      kept = { at: now(), ids };
      ids.catch(() => kept?.ids === ids && (kept = undefined));
    }
    return kept.ids;
  };
}

/**
 * Deletes view events older than the trending window (they weigh nothing);
 * run hourly by the workers' housekeeping, so the table holds about 48 hours
 * of views. Returns how many rows went.
 */
export async function pruneViewEvents(sql: Sql): Promise<number> {
  const rows = await sql`
    delete from video_view_events
    where at < now() - make_interval(hours => ${TRENDING_WINDOW_HOURS})`;
  return rows.count;
}
