import type { Sql } from "../db/mod.ts";
import { ConflictError, LimitError, ValidationError } from "../errors.ts";
import { log } from "../log.ts";
import type { Storage } from "../storage/mod.ts";
import { AWAITING_UPLOAD_STATES, STATE, transition, type VideoState } from "../videos/lifecycle.ts";
import { formatBytes } from "./create.ts";
import { assertPending, recordedParts, type UploadRow } from "./parts.ts";
import { partCount } from "./plan.ts";

/** What the completion step needs from the media layer and the queue. */
export interface CompletionHooks {
  /** Decides whether the stored object is a usable video; `reason` is for a person. */
  inspect(
    key: string,
    options: { size: number },
  ): Promise<
    { ok: true; durationS?: number; width?: number; height?: number; fps?: number } | {
      ok: false;
      reason: string;
    }
  >;
  /**
   * Hands the video to transcoding, with the probe's facts when there are
   * some (without them it must fail closed: long lane, bounded limit); a
   * LimitError (too costly to process) fails the upload with its message.
   */
  enqueue(
    videoId: string,
    facts?: { durationS: number; width: number; height: number; fps?: number },
  ): Promise<void>;
}

/** How a completion ended. */
export interface CompletionResult {
  videoId: string;
  status: VideoState;
  reason?: string;
}

/**
 * Completes an upload: the parts the browser lists must be exactly the ones
 * recorded, adding up to the declared size; storage assembles them, the
 * object's real size is checked, and the file is inspected. A video becomes
 * `uploaded` and is enqueued; anything else ends `failed` with a reason and its
 * bytes deleted. A stored object whose size differs from the declared one (a
 * client that lied about its parts) is a ConflictError after that clean-up.
 * Completing an already completed upload again answers the video's status, so
 * a retried request is harmless.
 */
export async function completeUpload(
  deps: { sql: Sql; storage: Storage; hooks: CompletionHooks },
  options: {
    upload: UploadRow;
    parts: { partNumber: number; etag: string }[];
    maxBytes: number;
  },
): Promise<CompletionResult> {
  const { upload } = options;
  if (upload.status === "completed") {
    return await resumeStale(deps, upload) ?? await currentStatus(deps.sql, upload.videoId);
  }
  assertPending(upload);
  if (upload.size > options.maxBytes) {
    throw new LimitError(`Videos may be at most ${formatBytes(options.maxBytes)}.`);
  }
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
  // Claim the upload first, so that two completions racing cannot both assemble it.
  const claimed = await deps.sql`
    update uploads set status = 'completed', completed_at = now()
    where id = ${upload.id} and status = 'pending' returning id`;
  if (claimed.length === 0) throw new ConflictError("This upload is already being completed.");
  let info;
  try {
    info = await deps.storage.completeMultipart(upload.storageKey, upload.storageUploadId, given);
  } catch (err) {
    await deps.sql`
      update uploads set status = 'pending', completed_at = null where id = ${upload.id}`;
    throw err;
  }
  return await finish(deps, upload, info);
}

/** A completion's heartbeat: it touches `completed_at` this often while it works. */
const HEARTBEAT_MS = 5_000;
/** A completion silent for this long died with its process (a web instance killed mid-way). */
const STALE_MS = 20_000;

/**
 * Takes over a completion whose process died after claiming the upload (its
 * heartbeat stopped while the video still awaits its upload): claimed again
 * by one conditional UPDATE, the object found (assembled again if storage had
 * not finished), then inspected and enqueued as usual. Undefined when the
 * upload is not such a one (done, or still being completed elsewhere).
 */
async function resumeStale(
  deps: { sql: Sql; storage: Storage; hooks: CompletionHooks },
  upload: UploadRow,
): Promise<CompletionResult | undefined> {
  const [taken] = await deps.sql`
    update uploads u set completed_at = now()
    from videos v
    where u.id = ${upload.id} and u.status = 'completed' and v.id = u.video_id
      and v.status = any(${AWAITING_UPLOAD_STATES as unknown as string[]})
      and u.completed_at < now() - ${STALE_MS}::float8 * interval '1 millisecond'
    returning u.id`;
  if (!taken) return undefined;
  log("warn", "resuming an upload completion whose process stopped", { videoId: upload.videoId });
  const parts = (await recordedParts(deps.sql, upload.id))
    .map((p) => ({ partNumber: p.partNumber, etag: p.etag }));
  const info = await deps.storage.completeMultipart(
    upload.storageKey,
    upload.storageUploadId,
    parts,
  ).catch(async (err) => {
    // Storage had assembled it before the process died: the object is there.
    const stored = await deps.storage.head(upload.storageKey);
    if (!stored) throw err;
    return stored;
  });
  return await finish(deps, upload, info);
}

/** After assembly: size check, inspection, `uploaded` and enqueued (or `failed`), with a heartbeat. */
async function finish(
  deps: { sql: Sql; storage: Storage; hooks: CompletionHooks },
  upload: UploadRow,
  info: { size: number },
): Promise<CompletionResult> {
  const beat = setInterval(() => {
    deps.sql`update uploads set completed_at = now() where id = ${upload.id}`
      .catch((err) => log("warn", "upload completion heartbeat failed", { err }));
  }, HEARTBEAT_MS);
  try {
    return await inspectAndEnqueue(deps, upload, info);
  } finally {
    clearInterval(beat);
  }
}

async function inspectAndEnqueue(
  deps: { sql: Sql; storage: Storage; hooks: CompletionHooks },
  upload: UploadRow,
  info: { size: number },
): Promise<CompletionResult> {
  if (info.size !== upload.size) {
    const reason = `The stored file is ${info.size} bytes, but ${upload.size} were declared.`;
    await fail(deps, upload, reason);
    throw new ConflictError(reason, { details: { videoId: upload.videoId } });
  }
  let verdict: Awaited<ReturnType<CompletionHooks["inspect"]>>;
  try {
    verdict = await deps.hooks.inspect(upload.storageKey, { size: info.size });
  } catch (err) {
    // The inspection itself broke (not the file). Queued without facts, the job is booked at the
    // most a transcode may cost (queueTranscode), and the worker budgets it after its own probe.
    log("warn", "upload inspection failed; queued at the maximum cost for the worker to budget", {
      videoId: upload.videoId,
      err,
    });
    verdict = { ok: true };
  }
  if (!verdict.ok) return await fail(deps, upload, verdict.reason);
  await deps.sql.begin(async (tx) => {
    const from = await transition(tx, upload.videoId, {
      to: STATE.uploaded,
      from: AWAITING_UPLOAD_STATES,
      ifAllowed: true,
    });
    if (!from) return;
    await tx`
      update videos set duration_s = ${verdict.durationS ?? null}, width = ${verdict.width ?? null},
        height = ${verdict.height ?? null}
      where id = ${upload.videoId}`;
  });
  const { durationS, width, height, fps } = verdict;
  const facts = durationS && width && height ? { durationS, width, height, fps } : undefined;
  try {
    await deps.hooks.enqueue(upload.videoId, facts);
  } catch (err) {
    if (err instanceof LimitError) return await fail(deps, upload, err.message);
    throw err;
  }
  return { videoId: upload.videoId, status: STATE.uploaded };
}

async function currentStatus(sql: Sql, videoId: string): Promise<CompletionResult> {
  const [v] = await sql<{ status: VideoState; reason: string | null }[]>`
    select status, status_reason as reason from videos where id = ${videoId}`;
  if (!v) throw new ConflictError("This upload's video has been deleted.");
  return { videoId, status: v.status, reason: v.reason ?? undefined };
}

async function fail(
  deps: { sql: Sql; storage: Storage },
  upload: UploadRow,
  reason: string,
): Promise<CompletionResult> {
  log("info", "upload refused", { videoId: upload.videoId, reason });
  await deps.storage.delete(upload.storageKey);
  await deps.sql.begin(async (tx) => {
    // Refused while its upload completes (the size, the probe) or as it is queued (its cost).
    const from = await transition(tx, upload.videoId, {
      to: STATE.failed,
      reason,
      from: [STATE.uploading, STATE.uploaded],
      ifAllowed: true,
    });
    if (from) await tx`update videos set source_key = null where id = ${upload.videoId}`;
  });
  return { videoId: upload.videoId, status: STATE.failed, reason };
}
