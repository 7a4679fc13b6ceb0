import type { Sql } from "../db/mod.ts";
import { mediaKey, mediaPath } from "../storage/layout.ts";
import type { VideoCard } from "./browse.ts";
import { publicListedSql, type Viewer } from "./access.ts";

/** How strongly each signal counts; a shared tag outweighs a same-creator link. */
export const RELATED_WEIGHTS = {
  sharedTag: 3,
  sameCategory: 2,
  sameCreator: 1,
  titleSimilarity: 4,
  coViews: 2,
} as const;

/** How many of this video's recent viewers the co-viewing signal reads. */
const CO_VIEWERS = 500;

/**
 * Videos to watch next after `videoId`: public, listed ones only (never the
 * viewer's or anyone's unlisted or private ones: this column is shown to
 * everybody), ranked by shared tags, same category, same creator, title
 * similarity (pg_trgm) and co-viewing ("viewers of this video also watched",
 * from view_log). Candidates come from a few bounded, indexed lookups, so the
 * cost does not grow with the catalogue.
 */
export async function relatedVideos(
  sql: Sql,
  videoId: string,
  options: { limit: number; mediaBaseUrl?: string; viewer?: Viewer },
): Promise<VideoCard[]> {
  const listed = sql`${publicListedSql(sql, options.viewer)} and v.id <> ${videoId}`;
  const w = RELATED_WEIGHTS;
  const rows = await sql<(Omit<VideoCard, "posterUrl"> & { posterKey: string | null })[]>`
    with src as (
      select id, tags, category, owner_id, title, lower(vf_unaccent(title)) as folded
      from videos where id = ${videoId}
    ),
    viewers as (
      select viewer_hash from view_log where video_id = ${videoId} order by at desc
      limit ${CO_VIEWERS}
    ),
    co as (
      select l.video_id, count(*)::int as n from view_log l join viewers using (viewer_hash)
      where l.video_id <> ${videoId} group by l.video_id order by n desc limit 100
    ),
    cand as (
      (select v.id from videos v, src where ${listed} and cardinality(src.tags) > 0
         and v.tags && src.tags order by v.view_count desc limit 200)
      union
      (select v.id from videos v, src where ${listed} and v.category = src.category
         order by v.view_count desc limit 100)
      union
      (select v.id from videos v, src where ${listed} and v.owner_id = src.owner_id
         order by coalesce(v.published_at, v.created_at) desc limit 50)
      union
      (select v.id from videos v, src where ${listed} and src.folded <% v.search_words limit 50)
      union
      (select v.id from videos v join co on co.video_id = v.id where ${listed})
    )
    select v.id, v.title, v.duration_s as "durationS", v.poster_key as "posterKey",
           v.owner_id as "ownerId", u.display_name as "ownerName", v.view_count as "viewCount",
           coalesce(v.published_at, v.created_at) as "publishedAt", v.premium
    from cand join videos v on v.id = cand.id join users u on u.id = v.owner_id
    cross join src left join co on co.video_id = v.id
    where ${listed}
    order by
      ${w.sharedTag} * cardinality(array(select unnest(v.tags) intersect select unnest(src.tags)))
      + ${w.sameCategory} * coalesce((v.category = src.category)::int, 0)
      + ${w.sameCreator} * (v.owner_id = src.owner_id)::int
      + ${w.titleSimilarity} * similarity(lower(vf_unaccent(v.title)), src.folded)
      + ${w.coViews} * ln(1 + coalesce(co.n, 0)) desc,
      v.view_count desc, v.id
    limit ${options.limit}`;
  return rows.map(({ posterKey, ...v }) => {
    const path = mediaPath(v.id, posterKey);
    return {
      ...v,
      viewCount: Number(v.viewCount),
      posterUrl: path === undefined
        ? null
        : `${options.mediaBaseUrl ?? ""}/${mediaKey(v.id, path)}`,
    };
  });
}
