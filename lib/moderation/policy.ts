/**
 * Whether a video must be reviewed before it is published: the instance's
 * moderation policy (lib/moderation/settings.ts) unless its uploader is
 * trusted. Read once per video, when its first processing starts, and stored
 * on the video (`review_required`), which lib/videos/lifecycle.ts's
 * videoPolicy() and listedCondition() read from then on.
 */
import type { Queryable } from "../db/mod.ts";

/** True when the video's uploader is untrusted and the instance pre-moderates. */
export async function reviewRequiredFor(sql: Queryable, videoId: string): Promise<boolean> {
  const [row] = await sql<{ required: boolean }[]>`
    select coalesce((select moderation = 'pre' from instance_settings where id), false)
      and not u.trusted as required
    from videos v join users u on u.id = v.owner_id where v.id = ${videoId}`;
  return row?.required ?? false;
}
