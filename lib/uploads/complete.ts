import type { Sql } from "../db/mod.ts";
import { ConflictError, ValidationError } from "../errors.ts";
import { log } from "../log.ts";
import type { Storage } from "../storage/mod.ts";
import { assertPending, recordedParts, type UploadRow } from "./parts.ts";
import { partCount } from "./plan.ts";

/** What the completion step needs from the media layer and the queue. */
export interface CompletionHooks {
  /** Decides whether the stored object is a usable video; `reason` is for a person. */
  inspect(
    key: string,
  ): Promise<
    { ok: true; durationS?: number; width?: number; height?: number } | {
      ok: false;
      reason: string;
    }
  >;
  /** Hands the video to transcoding. */
  enqueue(videoId: string): Promise<void>;
}

/**
 * Completes an upload: the parts the browser lists must be exactly the ones
 * recorded, adding up to the declared size; storage assembles them, the
 * object's real size is checked, and the file is inspected. A video becomes
 * `uploaded` and is enqueued; anything else ends `failed` with a reason and its
 * bytes deleted.
 */
export async function completeUpload(
  deps: { sql: Sql; storage: Storage; hooks: CompletionHooks },
  options: { upload: UploadRow; parts: { partNumber: number; etag: string }[] },
): Promise<{ videoId: string; status: "uploaded" | "failed"; reason?: string }> {
  const { upload } = options;
  assertPending(upload);
  const recorded = await recordedParts(deps.sql, upload.id);
  const count = partCount(upload.size, upload.partSize);
  const given = [...options.parts].sort((a, b) => a.partNumber - b.partNumber);
  if (given.length !== count || given.some((p, i) => p.partNumber !== i + 1)) {
    throw new ValidationError(`List all ${count} parts, numbered 1 to ${count}, once each.`);
  }
  const byNumber = new Map(recorded.map((p) => [p.partNumber, p]));
  const missing = given.filter((p) => byNumber.get(p.partNumber)?.etag !== p.etag).map((p) =>
    p.partNumber
  );
  if (missing.length) {
    throw new ConflictError("Some parts have not been stored yet.", {
      details: { parts: missing },
    });
  }
  const total = recorded.reduce((n, p) => n + p.size, 0);
  if (total !== upload.size) {
    throw new ConflictError(
      `The parts add up to ${total} bytes, but ${upload.size} were declared.`,
    );
  }
  const info = await deps.storage.completeMultipart(
    upload.storageKey,
    upload.storageUploadId,
    given,
  );
  await deps
    .sql`update uploads set status = 'completed', completed_at = now() where id = ${upload.id}`;
  if (info.size !== upload.size) {
    return await fail(
      deps,
      upload,
      `The stored file is ${info.size} bytes, but ${upload.size} were declared.`,
    );
  }
  const verdict = await deps.hooks.inspect(upload.storageKey);
  if (!verdict.ok) return await fail(deps, upload, verdict.reason);
  await deps.sql`
    update videos set status = 'uploaded', status_reason = null, duration_s = ${
    verdict.durationS ?? null
  },
      width = ${verdict.width ?? null}, height = ${verdict.height ?? null}, updated_at = now()
    where id = ${upload.videoId}`;
  await deps.hooks.enqueue(upload.videoId);
  return { videoId: upload.videoId, status: "uploaded" };
}

async function fail(
  deps: { sql: Sql; storage: Storage },
  upload: UploadRow,
  reason: string,
): Promise<{ videoId: string; status: "failed"; reason: string }> {
  log("info", "upload refused", { videoId: upload.videoId, reason });
  await deps.storage.delete(upload.storageKey);
  await deps.sql`
    update videos set status = 'failed', status_reason = ${reason}, source_key = null, updated_at = now()
    where id = ${upload.videoId}`;
  return { videoId: upload.videoId, status: "failed", reason };
}
