import { ValidationError } from "../errors.ts";
import type { CommentSort } from "../shared/comments.ts";

/** Where a page of comments ends: the last row's sort key and id. */
export interface CommentCursor {
  /** "top" only: the last thread's reply count. */
  replies?: number;
  at: Date;
  id: string;
}

/** Writes a cursor (base64 without padding). */
export function encodeCommentCursor(sort: CommentSort | "replies", c: CommentCursor): string {
  const key = sort === "top" ? `${c.replies ?? 0}|` : "";
  return btoa(`${sort}|${key}${c.at.toISOString()}|${c.id}`).replaceAll("=", "");
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CURSOR = /^[A-Za-z0-9+/]{1,200}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const COUNT = /^(0|[1-9]\d{0,8})$/;

/**
 * Reads a cursor from a URL (so from anyone): exactly what encodeCommentCursor
 * writes for this sort, else a ValidationError (never a value Postgres cannot
 * parse).
 */
export function decodeCommentCursor(
  cursor: string,
  sort: CommentSort | "replies",
): CommentCursor {
  const invalid = new ValidationError("That page link is not valid.");
  if (!CURSOR.test(cursor)) throw invalid;
  let parts: string[];
  try {
    parts = atob(cursor).split("|");
  } catch {
    throw invalid;
  }
  if (parts[0] !== sort || parts.length !== (sort === "top" ? 4 : 3)) throw invalid;
  const [iso, id] = parts.slice(-2);
  if (!ISO.test(iso) || !UUID.test(id)) throw invalid;
  const at = new Date(iso);
  if (Number.isNaN(at.getTime()) || at.toISOString() !== iso || at.getTime() < 0) throw invalid;
  if (sort !== "top") return { at, id };
  if (!COUNT.test(parts[1])) throw invalid;
  return { replies: Number(parts[1]), at, id };
}
