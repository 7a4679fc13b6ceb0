import type { Sql } from "../db/mod.ts";
import { CARD_COLUMNS, CARD_FROM, type CardRow, toCard, type VideoCard } from "./_cards.ts";
import { listedCondition } from "./lifecycle.ts";

/** Only views this recent count towards trending. */
export const TRENDING_WINDOW_HOURS = 48;
/** A view's weight halves every this many hours: a view now counts 16× one 48 h ago. */
export const TRENDING_HALF_LIFE_HOURS = 12;

/**
 * The public, listed videos with the most recent views: each counted view in
 * the last TRENDING_WINDOW_HOURS (video_view_events, written by recordView)
 * weighs 0.5^(age / half-life), so yesterday's burst sinks below today's.
 * Videos without recent views do not trend at all.
 */
export async function listTrending(
  sql: Sql,
  options: { limit: number; mediaBaseUrl?: string },
): Promise<VideoCard[]> {
  const rows = await sql<CardRow[]>`
    with recent as (
      select video_id, sum(power(0.5,
               extract(epoch from (now() - at)) / ${TRENDING_HALF_LIFE_HOURS * 3600})) as score
      from video_view_events
      where at > now() - make_interval(hours => ${TRENDING_WINDOW_HOURS})
      group by video_id
    )
    select ${CARD_COLUMNS(sql)} from recent r join ${CARD_FROM(sql)} on v.id = r.video_id
    where v.visibility = 'public' and ${listedCondition(sql)}
    order by r.score desc, v.id desc
    limit ${options.limit}`;
  return rows.map((r) => toCard(r, options.mediaBaseUrl));
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
