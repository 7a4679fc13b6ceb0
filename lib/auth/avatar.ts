import { LimitError, ValidationError } from "../errors.ts";
import type { Storage } from "../storage/mod.ts";
import { setAvatarKey } from "./users.ts";
import type { Sql } from "../db/mod.ts";
import { log } from "../log.ts";
import { streamLines } from "../media/child.ts";
import { imageInputArgs } from "../media/input_policy.ts";
import { newAvatarKey } from "../storage/layout.ts";

/** Largest avatar upload accepted, before processing. */
export const MAX_AVATAR_BYTES = 5 * 1024 * 1024;
/** Avatars are stored as square JPEGs of this many pixels a side. */
export const AVATAR_SIZE = 256;
/** Address-space cap of the avatar's ffmpeg (libraries ≈ 300 MB; a 40 MP picture ≈ 200 MB). */
const AVATAR_MEMORY_BYTES = 1024 * 1024 * 1024;

/**
 * Crops an uploaded image to a centred square and scales it to
 * AVATAR_SIZE² JPEG with ffmpeg, a bounded child (time, address space) that
 * may read only this one file as a single still image (input_policy.ts).
 * Input that ffmpeg cannot decode as such an image (a playlist, a concat
 * list, a video) is a ValidationError; the original bytes are never stored.
 */
export async function processAvatar(
  bytes: Uint8Array,
  options: { ffmpegPath: string; timeoutMs?: number },
): Promise<Uint8Array> {
  if (bytes.byteLength > MAX_AVATAR_BYTES) {
    throw new LimitError(`An avatar may be at most ${MAX_AVATAR_BYTES / 1024 / 1024} MiB.`);
  }
  if (bytes.byteLength === 0) throw new ValidationError("The avatar file is empty.");
  const dir = await Deno.makeTempDir({ prefix: "vf-avatar-" });
  try {
    const input = `${dir}/in`;
    const output = `${dir}/out.jpg`;
    await Deno.writeFile(input, bytes);
    const s = AVATAR_SIZE;
    const out = await streamLines(options.ffmpegPath, [
      "-hide_banner",
      "-loglevel",
      "error",
      "-nostdin",
      // One still image from this one local file: no playlists, concat lists, patterns or URLs.
      ...imageInputArgs(),
      "-i",
      input,
      "-frames:v",
      "1",
      "-an",
      "-vf",
      `crop='min(iw,ih)':'min(iw,ih)',scale=${s}:${s}:flags=lanczos,format=yuvj420p`,
      "-q:v",
      "3",
      "-f",
      "image2",
      "-c:v",
      "mjpeg",
      "-y",
      output,
    ], {
      timeoutMs: options.timeoutMs ?? 20_000,
      memoryBytes: AVATAR_MEMORY_BYTES,
      onLine: () => {},
    });
    if (!out.success) {
      log("debug", "avatar rejected by ffmpeg", {
        stderr: out.stderr.slice(-500),
        stopped: out.stopped,
      });
      throw new ValidationError("That file is not an image we can read.", {
        details: {
          fields: [{ field: "avatar", message: "Upload a JPEG, PNG, WebP or GIF image." }],
        },
      });
    }
    return await Deno.readFile(output);
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

/**
 * Processes and stores a new avatar under a fresh key (so that its URL can
 * be cached forever), points the user at it and deletes the previous one.
 * Returns the new key.
 */
export async function replaceAvatar(
  deps: { sql: Sql; storage: Storage; ffmpegPath: string },
  userId: string,
  bytes: Uint8Array,
): Promise<string> {
  const jpeg = await processAvatar(bytes, { ffmpegPath: deps.ffmpegPath });
  const key = newAvatarKey(userId);
  await deps.storage.put(key, jpeg, { contentType: "image/jpeg", size: jpeg.byteLength });
  const previous = await setAvatarKey(deps.sql, userId, key);
  if (previous && previous !== key) {
    await deps.storage.delete(previous).catch((err) =>
      log("warn", "could not delete old avatar", { key: previous, err })
    );
  }
  return key;
}

/** The public URL path of an avatar key (served by routes/avatars.ts). */
export function avatarUrl(key: string | null): string | undefined {
  return key ? `/${key}` : undefined;
}
