import { z } from "zod";
import type { Sql } from "../db/mod.ts";
import { ConflictError, LimitError, ValidationError } from "../errors.ts";
import { jobKind, wakeLocalWorkers } from "../queue/mod.ts";
import { thumbnailUploadKey } from "../storage/layout.ts";
import type { Storage } from "../storage/types.ts";
import { MAX_THUMBNAIL_BYTES, probeImage } from "./probe.ts";
import type { Thumbnail } from "./store.ts";

/** The job that resizes an uploaded thumbnail to the poster widths (workers/thumbnails.ts). */
export const thumbnailResizeKind = jobKind({
  kind: "thumbnail_resize",
  payload: z.object({
    videoId: z.uuid(),
    name: z.string().regex(/^u[0-9a-f]{8}$/),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
  }),
  priority: 5,
  maxAttempts: 2,
  videoOf: (p) => p.videoId,
});

/**
 * Accepts an uploaded thumbnail: probed at once (JPEG, PNG or WebP, within
 * the size limits; a clear 4xx otherwise), stored beside the source and
 * resized by a job. The answer is the pending thumbnail; once resized it
 * becomes the video's poster.
 */
export async function acceptThumbnailUpload(
  deps: { sql: Sql; storage: Storage; ffprobePath: string },
  video: { id: string; ownerId: string },
  bytes: Uint8Array,
): Promise<Thumbnail> {
  if (bytes.byteLength > MAX_THUMBNAIL_BYTES) {
    throw new LimitError(`An image may be at most ${MAX_THUMBNAIL_BYTES / 1024 / 1024} MiB.`);
  }
  if (bytes.byteLength === 0) throw new ValidationError("The image file is empty.");
  const [busy] = await deps.sql`
    select 1 from video_thumbnails
    where video_id = ${video.id} and kind = 'upload' and state = 'pending'`;
  if (busy) throw new ConflictError("An image is already being processed. Try again in a moment.");
  const dir = await Deno.makeTempDir({ prefix: "vf-thumb-" });
  let facts;
  try {
    // No extension: ffprobe would choose the image2 demuxer by it, not by the content.
    const path = `${dir}/image`;
    await Deno.writeFile(path, bytes);
    facts = await probeImage(path, { ffprobePath: deps.ffprobePath });
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
  const name = `u${crypto.randomUUID().replaceAll("-", "").slice(0, 8)}`;
  await deps.storage.put(thumbnailUploadKey(video.id, name), bytes, {
    contentType: "application/octet-stream",
    size: bytes.byteLength,
  });
  await deps.sql.begin(async (tx) => {
    await tx`insert into video_thumbnails (video_id, name, kind, state)
      values (${video.id}, ${name}, 'upload', 'pending')`;
    await thumbnailResizeKind.enqueue(tx, {
      videoId: video.id,
      name,
      width: facts.width,
      height: facts.height,
    }, { ownerId: video.ownerId });
  });
  // The enqueue's own wake-up came before the commit made the job visible.
  wakeLocalWorkers();
  return { name, kind: "upload", state: "pending", widths: [], atS: null, error: null };
}
