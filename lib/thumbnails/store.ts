import type { Queryable, Sql } from "../db/mod.ts";
import { ConflictError, NotFoundError } from "../errors.ts";
import { log } from "../log.ts";
import { mediaKey, thumbnailPath } from "../storage/layout.ts";
import type { Storage } from "../storage/types.ts";

/** Most thumbnail rows a video holds (four frames and an upload or two). */
const MAX_ROWS = 20;

/** One picture a video's owner may choose as its thumbnail. */
export interface Thumbnail {
  name: string;
  kind: "frame" | "upload";
  state: "pending" | "usable" | "unusable";
  widths: number[];
  atS: number | null;
  error: string | null;
}

/** A video's thumbnails: the automatic frame, the others in time order, then uploads, newest first. */
export async function listThumbnails(sql: Sql, videoId: string): Promise<Thumbnail[]> {
  return await sql<Thumbnail[]>`
    select name, kind, state, widths, at_s as "atS", error from video_thumbnails
    where video_id = ${videoId}
    order by kind, name <> 'auto', at_s nulls last, created_at desc limit ${MAX_ROWS}`;
}

/** The key of a thumbnail's largest picture: what videos.poster_key points at when chosen. */
export function thumbnailKey(videoId: string, t: { name: string; widths: number[] }): string {
  return mediaKey(videoId, thumbnailPath(t.name, Math.max(...t.widths)));
}

/** The name of the thumbnail a video shows now, or null (a legacy single poster, or none). */
export async function currentThumbnail(sql: Sql, videoId: string): Promise<string | null> {
  const [t] = await sql<{ name: string }[]>`
    select name from video_thumbnails where video_id = ${videoId} and chosen`;
  return t?.name ?? null;
}

// Two statements: the unique index on the chosen row is checked row by row.
async function markChosen(sql: Queryable, videoId: string, name: string) {
  await sql`update video_thumbnails set chosen = false
    where video_id = ${videoId} and chosen and name <> ${name}`;
  await sql`update video_thumbnails set chosen = true where video_id = ${videoId} and name = ${name}`;
}

/** Marks `name` as the video's chosen thumbnail and points the poster at it. */
async function applyChoice(sql: Queryable, videoId: string, t: { name: string; widths: number[] }) {
  await markChosen(sql, videoId, t.name);
  await sql`update videos set poster_key = ${thumbnailKey(videoId, t)}, updated_at = now()
    where id = ${videoId}`;
}

/**
 * Makes a ready thumbnail the video's poster (cards, player, embeds, feeds all
 * read poster_key). NotFoundError for an unknown one, ConflictError while an
 * upload is still being resized or after it failed.
 */
export async function chooseThumbnail(sql: Sql, videoId: string, name: string): Promise<string> {
  const [t] = await sql<Thumbnail[]>`
    select name, kind, state, widths from video_thumbnails
    where video_id = ${videoId} and name = ${name}`;
  if (!t) throw new NotFoundError("This video has no such thumbnail.");
  if (t.state !== "usable" || t.widths.length === 0) {
    throw new ConflictError("That image is not ready to be used.");
  }
  await applyChoice(sql, videoId, t);
  return thumbnailKey(videoId, t);
}

/** A candidate frame a processing run stored: its name, time and the widths written. */
export interface FrameRecord {
  name: string;
  atS: number;
  widths: number[];
}

/**
 * Records the frames a processing run made and answers the poster key the
 * video should have: the thumbnail chosen before (a re-run keeps the owner's
 * choice, frame or upload), else the `auto` frame, which becomes the choice.
 */
export async function recordFrames(
  sql: Sql,
  videoId: string,
  frames: FrameRecord[],
  options: { auto: string },
): Promise<string | undefined> {
  for (const f of frames) {
    await sql`
      insert into video_thumbnails (video_id, name, kind, state, widths, at_s)
      values (${videoId}, ${f.name}, 'frame', 'usable', ${f.widths}, ${f.atS})
      on conflict (video_id, name) do update set state = 'usable', widths = excluded.widths,
        at_s = excluded.at_s, error = null`;
  }
  const [chosen] = await sql<{ name: string; widths: number[] }[]>`
    select name, widths from video_thumbnails
    where video_id = ${videoId} and chosen and state = 'usable' and cardinality(widths) > 0`;
  if (chosen) return thumbnailKey(videoId, chosen);
  const auto = frames.find((f) => f.name === options.auto && f.widths.length);
  if (!auto) return undefined;
  await markChosen(sql, videoId, auto.name);
  return thumbnailKey(videoId, auto);
}

/**
 * An uploaded image is resized: it becomes the video's poster and replaces
 * any earlier upload (rows and files).
 */
export async function finishUpload(
  deps: { sql: Sql; storage: Storage },
  videoId: string,
  upload: { name: string; widths: number[] },
): Promise<void> {
  // One transaction: nobody sees the image usable before it is the poster.
  const older = await deps.sql.begin(async (tx) => {
    const gone = await tx<Thumbnail[]>`
      delete from video_thumbnails
      where video_id = ${videoId} and kind = 'upload' and name <> ${upload.name}
      returning name, widths`;
    await tx`
      update video_thumbnails set state = 'usable', widths = ${upload.widths}, error = null
      where video_id = ${videoId} and name = ${upload.name}`;
    await applyChoice(tx, videoId, upload);
    return gone;
  });
  for (const t of older) {
    for (const w of t.widths) {
      await deps.storage.delete(mediaKey(videoId, thumbnailPath(t.name, w))).catch((err) =>
        log("warn", "could not delete an old thumbnail", { videoId, err })
      );
    }
  }
}

/** An uploaded image could not be resized: the owner sees why. */
export async function failUpload(
  sql: Sql,
  videoId: string,
  upload: { name: string; reason: string },
): Promise<void> {
  await sql`update video_thumbnails set state = 'unusable', error = ${upload.reason}
    where video_id = ${videoId} and name = ${upload.name}`;
}
