import type { Sql } from "../db/mod.ts";
import { log } from "../log.ts";
import type { Storage } from "../storage/mod.ts";
import type { UploadRow } from "./parts.ts";

/** Aborts an unfinished upload: storage parts, part records, the upload and its video go. */
export async function abortUpload(
  deps: { sql: Sql; storage: Storage },
  upload: UploadRow,
): Promise<void> {
  if (upload.status === "pending") {
    await deps.storage.abortMultipart(upload.storageKey, upload.storageUploadId);
  }
  // The video row exists only for this upload until it completes; deleting it cascades.
  await deps.sql`delete from videos where id = ${upload.videoId} and status = 'uploading'`;
  await deps.sql`delete from uploads where id = ${upload.id}`;
}

/** Aborts every pending upload whose time ran out; returns how many it swept. */
export async function sweepExpiredUploads(
  deps: { sql: Sql; storage: Storage },
  options: { now?: Date } = {},
): Promise<number> {
  const rows = await deps.sql<UploadRow[]>`
    select id, owner_id as "ownerId", video_id as "videoId", storage_key as "storageKey",
           storage_upload_id as "storageUploadId", size, part_size as "partSize", status,
           expires_at as "expiresAt"
    from uploads where status = 'pending' and expires_at < ${options.now ?? new Date()}
    limit 500`;
  for (const upload of rows) {
    try {
      await abortUpload(deps, upload);
    } catch (err) {
      log("warn", "could not sweep upload", { uploadId: upload.id, err });
    }
  }
  return rows.length;
}
