import type { Sql } from "../db/mod.ts";
import type { VideoMetadata } from "../uploads/create.ts";
import { assertKnownCategory } from "./categories.ts";
import { queueAnnouncement } from "../notifications/fanout.ts";
import { mediaChanged } from "./media_changes.ts";

/**
 * Applies a metadata change. Publishing time is set the first time a video
 * becomes public, so the home page orders by when viewers could first see it.
 * A category not on the list is a ValidationError.
 */
export async function updateVideoMetadata(
  sql: Sql,
  options: { videoId: string; patch: VideoMetadata },
): Promise<void> {
  const p = options.patch;
  await assertKnownCategory(sql, p.category);
  const [row] = await sql<{ before: string }[]>`
    update videos v set
      title = coalesce(${p.title ?? null}, title),
      description = coalesce(${p.description ?? null}, description),
      tags = coalesce(${p.tags ?? null}::text[], tags),
      category = case when ${p.category !== undefined} then ${p.category ?? null} else category end,
      visibility = coalesce(${p.visibility ?? null}, visibility),
      published_at = case when ${p.visibility === "public"} and published_at is null then now()
                          else published_at end,
      updated_at = now()
    from (select id, visibility as was from videos where id = ${options.videoId} for update) old
    where v.id = old.id
    returning old.was as before`;
  if (p.visibility !== undefined) mediaChanged(options.videoId);
  // Made public just now: followers hear of it once it is listed (the job checks; nobody
  // twice). Saving an already public video's title queues nothing.
  if (p.visibility === "public" && row && row.before !== "public") {
    await queueAnnouncement(sql, options.videoId);
  }
}
