import type { Sql } from "../db/mod.ts";
import { publicListedSql, type Viewer } from "./access.ts";

/** What a channel page counts: only what any viewer could find in lists. */
export interface ChannelStats {
  videoCount: number;
  totalViews: number;
}

/**
 * A creator's public, listed videos and their views summed. Private, unlisted
 * and unfinished videos are left out, so the numbers leak nothing hidden.
 */
export async function channelStats(
  sql: Sql,
  ownerId: string,
  options: { viewer?: Viewer } = {},
): Promise<ChannelStats> {
  const [row] = await sql<{ videoCount: string; totalViews: string }[]>`
    select count(*) as "videoCount", coalesce(sum(v.view_count), 0) as "totalViews"
    from videos v
    where v.owner_id = ${ownerId} and ${publicListedSql(sql, options.viewer)}`;
  return { videoCount: Number(row.videoCount), totalViews: Number(row.totalViews) };
}
