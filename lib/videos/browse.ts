import type { Sql } from "../db/mod.ts";

/** A video as the catalogue shows it on a card. */
export interface VideoCard {
  id: string;
  title: string;
  durationS: number | null;
  posterKey: string | null;
  ownerId: string;
  ownerName: string;
  viewCount: number;
  publishedAt: Date;
}

/** The newest public, playable videos, newest first. */
export async function listPublicVideos(sql: Sql, options: { limit: number }): Promise<VideoCard[]> {
  const rows = await sql<VideoCard[]>`
    select v.id, v.title, v.duration_s as "durationS", v.poster_key as "posterKey",
           v.owner_id as "ownerId", u.display_name as "ownerName",
           v.view_count as "viewCount", coalesce(v.published_at, v.created_at) as "publishedAt"
    from videos v join users u on u.id = v.owner_id
    where v.visibility = 'public' and v.status in ('ready', 'published')
    order by coalesce(v.published_at, v.created_at) desc, v.id desc
    limit ${options.limit}`;
  return rows;
}
