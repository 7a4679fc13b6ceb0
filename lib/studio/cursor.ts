/**
 * The studio list's keyset cursor: the last row's sort key and id, base64url
 * JSON. It comes back in a URL, so from anyone: only what encodeStudioCursor()
 * writes for the same sort is accepted, otherwise a ValidationError (400).
 */
import { z } from "zod";
import { ValidationError } from "../errors.ts";

/**
 * Where a page ended. `at` is the row's created_at in UTC to the microsecond
 * ("2026-11-22 10:01:02.123456"), as Postgres stores it: a millisecond Date
 * would skip rows created in the same millisecond (one statement's rows share
 * one time).
 */
export type StudioCursor =
  | { sort: "newest" | "oldest"; at: string; id: string }
  | { sort: "title"; title: string; id: string }
  | { sort: "views"; views: number; id: string };

const AT = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?$/;
const schema = z.discriminatedUnion("sort", [
  z.object({ sort: z.enum(["newest", "oldest"]), at: z.string().regex(AT), id: z.uuid() }).strict(),
  z.object({ sort: z.literal("title"), title: z.string().max(250), id: z.uuid() }).strict(),
  z.object({
    sort: z.literal("views"),
    views: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    id: z.uuid(),
  }).strict(),
]);

/** Writes a cursor for a URL. */
export function encodeStudioCursor(c: StudioCursor): string {
  const bytes = new TextEncoder().encode(JSON.stringify(c));
  return btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_")
    .replaceAll("=", "");
}

/** Reads a cursor written for `sort`; anything else is a ValidationError. */
export function decodeStudioCursor(cursor: string, sort: StudioCursor["sort"]): StudioCursor {
  const invalid = new ValidationError("That page link is not valid.");
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(cursor)) throw invalid;
  let value: unknown;
  try {
    const bin = atob(cursor.replaceAll("-", "+").replaceAll("_", "/"));
    value = JSON.parse(new TextDecoder().decode(Uint8Array.from(bin, (ch) => ch.charCodeAt(0))));
  } catch {
    throw invalid;
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success || parsed.data.sort !== sort) throw invalid;
  // A time Postgres cannot read is refused here rather than failing the query.
  if ("at" in parsed.data && Number.isNaN(Date.parse(`${parsed.data.at.replace(" ", "T")}Z`))) {
    throw invalid;
  }
  return parsed.data;
}
