import type { Sql } from "../db/mod.ts";
import { ConflictError, NotFoundError, ValidationError } from "../errors.ts";
import type { Storage } from "../storage/mod.ts";
import { presignParts, type UploadTicket } from "./create.ts";
import { expectedPartSize, partCount } from "./plan.ts";

/** An upload row as lib/uploads uses it. */
export interface UploadRow {
  id: string;
  ownerId: string;
  videoId: string;
  storageKey: string;
  storageUploadId: string;
  size: number;
  partSize: number;
  status: "pending" | "completed" | "aborted";
  expiresAt: Date;
}

/** Loads an upload owned by `ownerId`; anyone else's is NotFound, so ids cannot be probed. */
export async function loadUpload(
  sql: Sql,
  options: { uploadId: string; ownerId: string },
): Promise<UploadRow> {
  const [row] = await sql<UploadRow[]>`
    select id, owner_id as "ownerId", video_id as "videoId", storage_key as "storageKey",
           storage_upload_id as "storageUploadId", size, part_size as "partSize", status,
           expires_at as "expiresAt"
    from uploads where id = ${options.uploadId} and owner_id = ${options.ownerId}`;
  if (!row) throw new NotFoundError("No such upload.");
  return row;
}

/** The parts recorded so far, in order. */
export async function recordedParts(
  sql: Sql,
  uploadId: string,
): Promise<{ partNumber: number; size: number; etag: string }[]> {
  return await sql<{ partNumber: number; size: number; etag: string }[]>`
    select part_number as "partNumber", size, etag from upload_parts
    where upload_id = ${uploadId} order by part_number`;
}

/**
 * Records a part the browser stored. Its size must be the one the plan gives
 * that part number; recording the same part again replaces it (a retry).
 */
export async function recordPart(
  sql: Sql,
  options: { upload: UploadRow; partNumber: number; size: number; etag: string },
): Promise<void> {
  const { upload, partNumber } = options;
  assertPending(upload);
  const expected = expectedPartSize(upload.size, { partSize: upload.partSize, partNumber });
  if (expected < 0) throw new ValidationError(`This upload has no part ${partNumber}.`);
  if (options.size !== expected) {
    throw new ValidationError(`Part ${partNumber} must be ${expected} bytes, not ${options.size}.`);
  }
  await sql`
    insert into upload_parts (upload_id, part_number, size, etag)
    values (${upload.id}, ${partNumber}, ${options.size}, ${options.etag})
    on conflict (upload_id, part_number) do update set size = excluded.size, etag = excluded.etag,
      created_at = now()`;
}

/** Resume: what is stored, and fresh URLs for every part that is not. */
export async function resumeUpload(
  deps: { sql: Sql; storage: Storage },
  options: { upload: UploadRow; urlTtl: number },
): Promise<
  Omit<UploadTicket, "expiresAt"> & {
    status: string;
    received: { partNumber: number; size: number; etag: string }[];
  }
> {
  const { upload } = options;
  if (upload.status === "pending") assertPending(upload);
  const received = await recordedParts(deps.sql, upload.id);
  const have = new Set(received.map((p) => p.partNumber));
  const missing = upload.status !== "pending" ? [] : Array.from(
    { length: partCount(upload.size, upload.partSize) },
    (_, i) => i + 1,
  ).filter((n) => !have.has(n));
  return {
    uploadId: upload.id,
    videoId: upload.videoId,
    status: upload.status,
    size: upload.size,
    partSize: upload.partSize,
    received,
    parts: await presignParts(deps.storage, {
      key: upload.storageKey,
      storageUploadId: upload.storageUploadId,
      size: upload.size,
      partSize: upload.partSize,
      numbers: missing,
      ttl: options.urlTtl,
    }),
  };
}

/** Refuses work on an upload that is finished, aborted or expired. */
export function assertPending(upload: UploadRow): void {
  if (upload.status !== "pending") throw new ConflictError(`This upload is ${upload.status}.`);
  if (upload.expiresAt.getTime() < Date.now()) throw new ConflictError("This upload has expired.");
}
