import type { Sql } from "../db/mod.ts";
import { ConflictError } from "../errors.ts";
import { log } from "../log.ts";
import type { Storage } from "../storage/mod.ts";
import { AWAITING_UPLOAD_STATES } from "../videos/lifecycle.ts";
import type { UploadRow } from "./parts.ts";

const UPLOAD_COLUMNS = (sql: Sql) =>
  sql`id, owner_id as "ownerId", video_id as "videoId", storage_key as "storageKey",
      storage_upload_id as "storageUploadId", size, part_size as "partSize", status,
      expires_at as "expiresAt"`;

/**
 * Aborts an unfinished upload: storage parts, part records, the upload and its
 * video go. The upload is claimed first (pending → aborted in one statement), so
 * an abort racing a completion cannot pull the parts out from under it: the
 * loser gets a ConflictError.
 */
export async function abortUpload(
  deps: { sql: Sql; storage: Storage },
  upload: UploadRow,
): Promise<void> {
  const claimed = await deps.sql`
    update uploads set status = 'aborted' where id = ${upload.id} and status = 'pending' returning id`;
  if (claimed.length === 0) {
    throw new ConflictError(
      "This upload is already complete or being completed; delete the video instead.",
    );
  }
  await deps.storage.abortMultipart(upload.storageKey, upload.storageUploadId);
  // The video row exists only for this upload until it completes; deleting it cascades.
  await deps.sql`
    delete from videos where id = ${upload.videoId}
      and status = any(${[...AWAITING_UPLOAD_STATES]})`;
  await deps.sql`delete from uploads where id = ${upload.id}`;
}

/**
 * Aborts the pending uploads of a video that is about to be deleted, so that
 * no stored parts outlive it (the video row itself is left to the caller).
 */
export async function abortUploadsForVideo(
  deps: { sql: Sql; storage: Storage },
  videoId: string,
): Promise<void> {
  const rows = await deps.sql<UploadRow[]>`
    select ${UPLOAD_COLUMNS(deps.sql)} from uploads
    where video_id = ${videoId} and status = 'pending'`;
  for (const upload of rows) {
    await deps.storage.abortMultipart(upload.storageKey, upload.storageUploadId);
    await deps.sql`delete from uploads where id = ${upload.id}`;
  }
}

/**
 * Aborts every pending upload whose time ran out (24 h after it started):
 * storage parts, part records, rows. Returns how many it swept.
 */
export async function sweepExpiredUploads(
  deps: { sql: Sql; storage: Storage },
  options: { now?: Date } = {},
): Promise<number> {
  const rows = await deps.sql<UploadRow[]>`
    select ${UPLOAD_COLUMNS(deps.sql)} from uploads
    where status = 'pending' and expires_at < ${options.now ?? new Date()}
    order by expires_at limit 500`;
  let swept = 0;
  for (const upload of rows) {
    try {
      await abortUpload(deps, upload);
      swept++;
    } catch (err) {
      log("warn", "could not sweep upload", { uploadId: upload.id, err });
    }
  }
  if (swept) log("info", "expired uploads swept", { swept });
  return swept;
}
