import { ValidationError } from "../errors.ts";

const KEY_RE = /^[A-Za-z0-9][A-Za-z0-9._~\-/]{0,1023}$/;

/**
 * Checks that an object key is safe on every backend: relative, no "." or ".."
 * segments, no empty segments, and outside the local store's internal folders.
 */
export function assertKey(key: string): void {
  const segments = key.split("/");
  if (
    !KEY_RE.test(key) || segments.some((s) => s === "" || s === "." || s === "..")
  ) {
    throw new ValidationError(`Invalid object key: ${JSON.stringify(key.slice(0, 100))}`);
  }
}

const TYPES: Record<string, string> = {
  m3u8: "application/vnd.apple.mpegurl",
  ts: "video/mp2t",
  m4s: "video/iso.segment",
  mp4: "video/mp4",
  m4a: "audio/mp4",
  webm: "video/webm",
  mov: "video/quicktime",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  vtt: "text/vtt",
  json: "application/json",
  txt: "text/plain; charset=utf-8",
};

/** The MIME type for a key, by its extension. */
export function contentTypeFor(key: string): string {
  const ext = key.slice(key.lastIndexOf(".") + 1).toLowerCase();
  return TYPES[ext] ?? "application/octet-stream";
}
