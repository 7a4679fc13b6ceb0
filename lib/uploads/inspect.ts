import { LimitError, ValidationError } from "../errors.ts";
import { type InputLimits, probeMedia } from "../media/probe.ts";
import { LocalStorage } from "../storage/local.ts";
import type { Storage } from "../storage/mod.ts";
import type { CompletionHooks } from "./complete.ts";

/**
 * The containers an upload may be (MP4/MOV and WebM/Matroska): ffprobe refuses
 * every other demuxer, so a playlist or concat file posing as a video cannot
 * make it open other files or URLs.
 */
const FORMATS = "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm";
/** How long the presigned GET ffprobe reads an S3 object through lives (seconds). */
const PROBE_URL_TTL = 600;

/**
 * The completion step's inspection: ffprobe reads the assembled object (the
 * file itself in local mode, a presigned GET in S3 mode), including every
 * video packet so that truncated files are caught. What is not a usable video
 * comes back as `{ok: false, reason}` in words a person can read; a broken
 * tool (ffprobe missing) throws.
 */
export function storedVideoInspector(
  deps: { storage: Storage; ffprobePath: string; limits: InputLimits },
): CompletionHooks["inspect"] {
  return async (key, options) => {
    const local = deps.storage instanceof LocalStorage;
    const input = local
      ? (deps.storage as LocalStorage).filePath(key)
      : await deps.storage.presignGet(key, { expiresIn: PROBE_URL_TTL });
    const protocols = local ? "file" : "http,https,tcp,tls,crypto";
    try {
      const info = await probeMedia(input, {
        ffprobePath: deps.ffprobePath,
        limits: deps.limits,
        sizeBytes: options.size,
        inputArgs: ["-protocol_whitelist", protocols, "-format_whitelist", FORMATS],
      });
      return {
        ok: true,
        durationS: info.durationS,
        width: info.video.displayWidth,
        height: info.video.displayHeight,
        fps: info.video.fps,
      };
    } catch (err) {
      if (err instanceof ValidationError || err instanceof LimitError) {
        return { ok: false, reason: err.message };
      }
      throw err;
    }
  };
}
