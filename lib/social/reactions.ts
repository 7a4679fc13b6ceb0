import type { Sql } from "../db/mod.ts";
import type { Reaction, ReactionSummary } from "../shared/social.ts";
import { goneAsNotFound } from "./_gone.ts";
import { canManage, findVisibleVideo, type Viewer } from "../videos/access.ts";

type SignedIn = NonNullable<Viewer>;

/**
 * A video's like count (for anyone), its dislike count (for its creator and
 * admins only) and the viewer's own reaction. The counts are columns kept by
 * the triggers of migration 0013, so reading them costs one row.
 */
export async function reactionSummary(
  sql: Sql,
  options: { video: { id: string; ownerId: string }; viewer: Viewer },
): Promise<ReactionSummary> {
  const { video, viewer } = options;
  const [row] = await sql<{ likes: number; dislikes: number; mine: Reaction | null }[]>`
    select v.like_count as likes, v.dislike_count as dislikes,
      ${
    viewer
      ? sql`(select r.kind from video_reactions r
             where r.user_id = ${viewer.id} and r.video_id = v.id)`
      : sql`null::text`
  } as mine
    from videos v where v.id = ${video.id}`;
  const summary: ReactionSummary = { mine: row?.mine ?? null, likes: row?.likes ?? 0 };
  if (canManage(video, viewer)) summary.dislikes = row?.dislikes ?? 0;
  return summary;
}

/**
 * Sets the viewer's reaction to a video they may see (NotFound otherwise):
 * one upsert, so a repeat changes nothing and two racing requests of one
 * person leave one row; the counts follow by trigger.
 */
export async function react(
  sql: Sql,
  options: { videoId: string; viewer: SignedIn; reaction: Reaction },
): Promise<ReactionSummary> {
  const video = await findVisibleVideo(sql, options);
  await sql`
    insert into video_reactions (user_id, video_id, kind)
    values (${options.viewer.id}, ${video.id}, ${options.reaction})
    on conflict (user_id, video_id) do update
      set kind = excluded.kind, created_at = excluded.created_at
      where video_reactions.kind <> excluded.kind`.catch(goneAsNotFound("No such video."));
  return await reactionSummary(sql, { video, viewer: options.viewer });
}

/** Takes the viewer's reaction back (none); a video they may not see is NotFound. */
export async function unreact(
  sql: Sql,
  options: { videoId: string; viewer: SignedIn },
): Promise<ReactionSummary> {
  const video = await findVisibleVideo(sql, options);
  await sql`
    delete from video_reactions where user_id = ${options.viewer.id} and video_id = ${video.id}`;
  return await reactionSummary(sql, { video, viewer: options.viewer });
}
