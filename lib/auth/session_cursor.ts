/**
 * Cursors of the device list: where the previous page ended ({createdAt, id}).
 * They come from URLs, so decodeSessionCursor() accepts exactly what
 * encodeSessionCursor() writes; anything else is a ValidationError (400).
 */
import { ValidationError } from "../errors.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The cursor after `last`. */
export function encodeSessionCursor(last: { createdAt: Date; id: string }): string {
  return btoa(`${last.createdAt.toISOString()}|${last.id}`).replaceAll("=", "");
}

/** Reads a cursor written by encodeSessionCursor(). */
export function decodeSessionCursor(text: string): { createdAt: Date; id: string } {
  const invalid = new ValidationError("That page link is not valid.");
  if (!/^[A-Za-z0-9+/]{1,120}$/.test(text)) throw invalid;
  let plain: string;
  try {
    plain = atob(text);
  } catch {
    throw invalid;
  }
  const [at, id, extra] = plain.split("|");
  if (extra !== undefined || !ISO.test(at ?? "") || !UUID.test(id ?? "")) throw invalid;
  const createdAt = new Date(at);
  if (Number.isNaN(createdAt.getTime()) || createdAt.toISOString() !== at) throw invalid;
  return { createdAt, id };
}
