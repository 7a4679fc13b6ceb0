import type { UploadQuotas } from "../config.ts";
import type { Sql } from "../db/mod.ts";
import { LimitError, ValidationError } from "../errors.ts";
import { sourceKey } from "../storage/layout.ts";
import type { Storage } from "../storage/mod.ts";
import { assertKnownCategory } from "../videos/categories.ts";
import { INITIAL_STATE } from "../videos/lifecycle.ts";
import { expectedPartSize, formatBytes, partCount, partSizeFor, VIDEO_TYPES } from "./plan.ts";
import { assertUploadAllowed } from "./quota.ts";

export { formatBytes } from "./plan.ts";

/** An upload as the browser sees it: where to send each part. */
export interface UploadTicket {
  uploadId: string;
  videoId: string;
  size: number;
  partSize: number;
  expiresAt: Date;
  parts: { partNumber: number; size: number; url: string }[];
}

/** Video metadata a creator may give when starting an upload or later. */
export interface VideoMetadata {
  title?: string;
  description?: string;
  tags?: string[];
  category?: string | null;
  visibility?: "public" | "unlisted" | "private";
}

/** How long an unfinished upload is kept before the sweeper aborts it. */
export const UPLOAD_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Starts an upload: checks the declared size and type and the user's quotas,
 * creates the video row (`uploading`, carrying the declared size: that is the
 * reservation) and the storage multipart upload, and presigns every part.
 * The quota check and the row insert share one transaction holding the user's
 * row lock, so concurrent starts cannot all pass.
 */
export async function createUpload(
  deps: { sql: Sql; storage: Storage },
  input: {
    ownerId: string;
    filename: string;
    size: number;
    mimeType: string;
    maxBytes: number;
    urlTtl: number;
    quotas: UploadQuotas;
  } & VideoMetadata,
): Promise<UploadTicket> {
  if (input.size > input.maxBytes) {
    throw new LimitError(`Videos may be at most ${formatBytes(input.maxBytes)}.`, {
      details: { maxBytes: input.maxBytes },
    });
  }
  if (input.size < 1) throw new ValidationError("The file is empty.");
  if (!VIDEO_TYPES[input.mimeType]) {
    throw new ValidationError("Upload an MP4, WebM or MOV video.", {
      details: { mimeType: input.mimeType },
    });
  }
  await assertKnownCategory(deps.sql, input.category);
  const partSize = partSizeFor(input.size);
  const title = input.title?.trim() || input.filename.replace(/\.[^.]*$/, "").slice(0, 200) ||
    "Untitled";
  const expiresAt = new Date(Date.now() + UPLOAD_TTL_MS);
  const visibility = input.visibility ?? "private";
  const video = await deps.sql.begin(async (txn) => {
    const tx = txn as unknown as Sql;
    await assertUploadAllowed(tx, input.ownerId, { size: input.size, defaults: input.quotas });
    const [row] = await tx<{ id: string }[]>`
      insert into videos (owner_id, title, description, tags, category, visibility, status,
                          mime_type, source_size, published_at)
      values (${input.ownerId}, ${title}, ${input.description ?? ""}, ${input.tags ?? []},
              ${input.category ?? null}, ${visibility}, ${INITIAL_STATE}, ${input.mimeType},
              ${input.size}, ${visibility === "public" ? new Date() : null})
      returning id`;
    await tx`insert into upload_ledger (video_id, user_id, size)
      values (${row.id}, ${input.ownerId}, ${input.size})`;
    return row;
  });
  const key = sourceKey(video.id);
  let storageUploadId: string;
  try {
    storageUploadId = await deps.storage.createMultipart(key, { contentType: input.mimeType });
  } catch (err) {
    // Nothing was stored: the reservation and today's allowance are given back.
    await deps.sql`delete from upload_ledger where video_id = ${video.id}`;
    await deps.sql`delete from videos where id = ${video.id}`;
    throw err;
  }
  const [upload] = await deps.sql<{ id: string }[]>`
    insert into uploads (owner_id, video_id, storage_key, storage_upload_id, size, part_size, expires_at,
                         filename, mime_type)
    values (${input.ownerId}, ${video.id}, ${key}, ${storageUploadId}, ${input.size}, ${partSize},
            ${expiresAt}, ${input.filename}, ${input.mimeType})
    returning id`;
  await deps.sql`update videos set source_key = ${key} where id = ${video.id}`;
  const numbers = Array.from({ length: partCount(input.size, partSize) }, (_, i) => i + 1);
  return {
    uploadId: upload.id,
    videoId: video.id,
    size: input.size,
    partSize,
    expiresAt,
    parts: await presignParts(deps.storage, {
      key,
      storageUploadId,
      size: input.size,
      partSize,
      numbers,
      ttl: input.urlTtl,
    }),
  };
}

/** Presigns the given part numbers, each bound to its exact size. */
export async function presignParts(
  storage: Storage,
  options: {
    key: string;
    storageUploadId: string;
    size: number;
    partSize: number;
    numbers: number[];
    ttl: number;
  },
): Promise<UploadTicket["parts"]> {
  return await Promise.all(options.numbers.map(async (partNumber) => {
    const size = expectedPartSize(options.size, { partSize: options.partSize, partNumber });
    const url = await storage.presignPart(options.key, options.storageUploadId, {
      partNumber,
      size,
      expiresIn: options.ttl,
    });
    return { partNumber, size, url };
  }));
}
