import { LimitError, ValidationError } from "../errors.ts";
import { type InputLimits, probeMedia } from "../media/probe.ts";
import { publicReason } from "../media/public_reason.ts";
import type { Storage } from "../storage/mod.ts";
import { sourceFacts } from "../videos/transcode_job.ts";
import type { CompletionHooks } from "./complete.ts";

/** How long the presigned GET ffprobe reads an S3 object through lives (seconds). */
const PROBE_URL_TTL = 600;

/**
 * The completion step's inspection: ffprobe reads the assembled object (the
 * file itself in local mode, a presigned GET of that one object in S3 mode)
 * under the input policy (lib/media/input_policy.ts: MP4/MOV and
 * Matroska/WebM demuxers only, so a playlist or concat file posing as a video
 * cannot make it open other files or URLs), including every video packet,
 * counted against the limits as it streams, so that truncated files and
 * files holding more than their header admits are caught. ffprobe runs as a
 * bounded child (time, address space): nothing of its output is kept in the
 * web tier's memory beyond counters. What is not a usable video
 * comes back as `{ok: false, reason}` in words a person can read; a broken
 * tool (ffprobe missing) throws.
 */
export function storedVideoInspector(
  deps: { storage: Storage; ffprobePath: string; limits: InputLimits },
): CompletionHooks["inspect"] {
  return async (key, options) => {
    const input = deps.storage.localPath(key) ??
      await deps.storage.presignGet(key, { expiresIn: PROBE_URL_TTL });
    try {
      const info = await probeMedia(input, {
        ffprobePath: deps.ffprobePath,
        limits: deps.limits,
        sizeBytes: options.size,
      });
      return { ok: true, ...sourceFacts(info) };
    } catch (err) {
      if (err instanceof ValidationError || err instanceof LimitError) {
        return { ok: false, reason: publicReason(err, { key }) };
      }
      throw err;
    }
  };
}
