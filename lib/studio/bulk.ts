/**
 * Bulk actions on "My videos": change the visibility of, or delete, up to
 * BULK_MAX of the caller's own videos in one request. Every id must be one of
 * theirs (otherwise NotFound, nothing changed), so a forged form cannot touch
 * anyone else's video or probe which ids exist.
 */
import { z } from "zod";
import type { Sql } from "../db/mod.ts";
import { NotFoundError } from "../errors.ts";
import type { Storage } from "../storage/types.ts";
import { deleteVideo } from "../videos/manage.ts";
import { updateVideoMetadata } from "../videos/metadata.ts";

/** At most this many videos per bulk request (a page of the list holds at most 50). */
export const BULK_MAX = 50;

/** A bulk request as the form sends it: `do` is a visibility to set, or "delete". */
export const bulkSchema = z.object({
  do: z.enum(["public", "unlisted", "private", "delete"], {
    message: "Choose what to do with the videos.",
  }),
  ids: z.array(z.uuid({ message: "That is not a video of yours." }))
    .min(1, { message: "Tick at least one video." })
    .max(BULK_MAX, { message: `At most ${BULK_MAX} videos at a time.` })
    .transform((ids) => [...new Set(ids)]),
  confirm: z.literal("yes").optional(),
});

/** A validated bulk request. */
export type BulkRequest = z.infer<typeof bulkSchema>;

/** The caller's videos among `ids`, in the order given; NotFound if any is not theirs. */
export async function ownedVideos(
  sql: Sql,
  ownerId: string,
  ids: string[],
): Promise<{ id: string; title: string }[]> {
  const rows = await sql<{ id: string; title: string }[]>`
    select id, title from videos where owner_id = ${ownerId} and id = any(${ids}::uuid[])
    limit ${BULK_MAX}`;
  if (rows.length !== ids.length) {
    throw new NotFoundError("Some of those videos are not yours or no longer exist.");
  }
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)!);
}

/** Sets the visibility of the caller's videos `ids` (each through the one metadata write). */
export async function setVisibilityOf(
  sql: Sql,
  ownerId: string,
  options: { ids: string[]; visibility: "public" | "unlisted" | "private" },
): Promise<number> {
  const videos = await ownedVideos(sql, ownerId, options.ids);
  for (const v of videos) {
    await updateVideoMetadata(sql, { videoId: v.id, patch: { visibility: options.visibility } });
  }
  return videos.length;
}

/** Deletes the caller's videos `ids` with everything they have (deleteVideo()). */
export async function deleteVideosOf(
  deps: { sql: Sql; storage: Storage },
  ownerId: string,
  ids: string[],
): Promise<number> {
  const videos = await ownedVideos(deps.sql, ownerId, ids);
  let n = 0;
  for (const v of videos) {
    await deleteVideo(deps, v.id).then(() => n++, (err) => {
      // Deleted meanwhile (another tab): what was asked for is done.
      if (!(err instanceof NotFoundError)) throw err;
    });
  }
  return n;
}
