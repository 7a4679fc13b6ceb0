import assert from "node:assert/strict";
import { ValidationError } from "../errors.ts";
import { decodeCommentCursor, encodeCommentCursor } from "./cursor.ts";

const id = "0b6f2a3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b";
const at = new Date("2026-11-22T07:00:00.123Z");

Deno.test("comment cursors round-trip per sort", () => {
  assert.deepEqual(decodeCommentCursor(encodeCommentCursor("newest", { at, id }), "newest"), {
    at,
    id,
  });
  const top = encodeCommentCursor("top", { replies: 12, at, id });
  assert.deepEqual(decodeCommentCursor(top, "top"), { replies: 12, at, id });
});

Deno.test("comment cursors: anything else is a ValidationError", () => {
  const newest = encodeCommentCursor("newest", { at, id });
  for (
    const [cursor, sort] of [
      [newest, "top"],
      [newest, "replies"],
      ["%%%", "newest"],
      [btoa(`newest|2026-13-40T00:00:00.000Z|${id}`), "newest"],
      [btoa(`newest|${at.toISOString()}|nope`), "newest"],
      [btoa(`top|-1|${at.toISOString()}|${id}`), "top"],
      [btoa(`top|1e9|${at.toISOString()}|${id}`), "top"],
    ] as const
  ) assert.throws(() => decodeCommentCursor(cursor, sort), ValidationError, cursor);
});
