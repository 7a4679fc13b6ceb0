/**
 * Trending computed once for every process: the workers' `rank_trending` job
 * (workers/housekeeping.ts, every minute) stores the ranking in
 * `trending_videos` (migrations/0012_search_speed.sql), and every web
 * process's home page reads it with one indexed query instead of summing two
 * days of views itself. Before the job has run (a fresh start), or when its
 * ranking is old (no worker running), pages rank as before, once a minute per
 * process.
 */
import type { Sql } from "../db/mod.ts";
import { cachedRanking, rankingSql, rankTrending } from "./trending.ts";

/** How many ranked videos the job keeps (pages read fewer). */
export const STORED_TRENDING = 64;
/** How often the job runs. */
export const TRENDING_EVERY_MS = 60_000;
/** A stored ranking older than this is ignored (its job has stopped running). */
export const TRENDING_STALE_MS = 15 * 60_000;

/**
 * Replaces the stored ranking with a fresh one, in one transaction (readers see
 * the old ranking or the new, never a mix). Returns how many videos it holds.
 */
export async function storeTrending(sql: Sql, options: { limit?: number } = {}): Promise<number> {
  return await sql.begin(async (tx) => {
    // Two runs at once would collide on `rank`; readers (ACCESS SHARE) are not blocked.
    await tx`lock table trending_videos in exclusive mode`;
    await tx`delete from trending_videos`;
    const rows = await tx`
      insert into trending_videos (rank, video_id, score)
      select row_number() over (order by r.score desc, r.id desc), r.id, r.score
      from (${rankingSql(sql, options.limit ?? STORED_TRENDING)}) r`;
    return rows.count;
  }) as number;
}

/**
 * The stored ranking's first `limit` ids, or undefined when there is none
 * (the job has not run yet) or it is older than `staleMs`.
 */
export async function storedTrending(
  sql: Sql,
  limit: number,
  options: { staleMs?: number } = {},
): Promise<string[] | undefined> {
  const rows = await sql<{ id: string; fresh: boolean }[]>`
    select video_id as id,
           ranked_at > now() - ${options.staleMs ?? TRENDING_STALE_MS} * interval '1 millisecond'
             as fresh
    from trending_videos order by rank limit ${limit}`;
  if (rows.length === 0 || !rows[0].fresh) return undefined;
  return rows.map((r) => r.id);
}

/**
 * What a page calls for trending ids: the stored ranking, else (nothing stored,
 * or stale) the ranking computed here, at most once per `ttlMs`.
 */
export function trendingIds(
  sql: Sql,
  options: { limit: number; ttlMs: number },
): () => Promise<string[]> {
  const computed = cachedRanking(() => rankTrending(sql, options.limit), { ttlMs: options.ttlMs });
  return async () => (await storedTrending(sql, options.limit)) ?? await computed();
}
