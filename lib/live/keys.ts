/**
 * Stream keys: 32 random bytes, base64url, after a `live_` prefix (a leaked
 * key is recognisable in a scan). Only their SHA-256 is stored; the key itself
 * is shown once, when the stream is created or its key rotated.
 */
import { createHash, randomBytes } from "node:crypto";

/** What a key looks like: checked before any lookup, so nothing else reaches the database. */
export const STREAM_KEY_PATTERN = /^live_[A-Za-z0-9_-]{43}$/;

/** A new secret stream key. */
export function newStreamKey(): string {
  return `live_${randomBytes(32).toString("base64url")}`;
}

/** The stored form of a key: its SHA-256, hex. */
export function hashStreamKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** The last characters of a key, shown in the studio so a creator can tell keys apart. */
export function keyHint(key: string): string {
  return key.slice(-4);
}
