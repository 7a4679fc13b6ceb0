import { avatarUrl } from "../auth/mod.ts";
import type { Sql } from "../db/mod.ts";
import { publicListedSql, type Viewer } from "../videos/access.ts";

/** A creator suggested to follow. */
export interface CreatorSuggestion {
  id: string;
  displayName: string;
  avatarUrl: string | null;
  followers: number;
}

/**
 * Creators worth following for someone whose feed is empty: the most
 * followed first, among those with at least one public video, not banned,
 * neither the viewer nor anyone they follow. Walks users_follower_count_idx
 * and stops after `limit` hits.
 */
export async function suggestCreators(
  sql: Sql,
  viewer: NonNullable<Viewer>,
  options: { limit: number },
): Promise<CreatorSuggestion[]> {
  const rows = await sql<(Omit<CreatorSuggestion, "avatarUrl"> & { avatarKey: string | null })[]>`
    select u.id, u.display_name as "displayName", u.avatar_key as "avatarKey",
      u.follower_count as followers
    from users u
    where u.banned_at is null and u.id <> ${viewer.id}
      and not exists (select 1 from follows f
        where f.follower_id = ${viewer.id} and f.creator_id = u.id)
      and exists (select 1 from videos v where v.owner_id = u.id and ${
    publicListedSql(sql, viewer)
  })
    order by u.follower_count desc, u.id
    limit ${options.limit}`;
  return rows.map(({ avatarKey, ...r }) => ({ ...r, avatarUrl: avatarUrl(avatarKey) ?? null }));
}
