import assert from "node:assert/strict";
import { ValidationError } from "../errors.ts";
import { decodeSessionCursor, encodeSessionCursor } from "./session_cursor.ts";

Deno.test("device-list cursors round-trip and anything else is a ValidationError", () => {
  const last = { createdAt: new Date("2026-11-22T07:00:00.123Z"), id: crypto.randomUUID() };
  assert.deepEqual(decodeSessionCursor(encodeSessionCursor(last)), last);
  for (
    const junk of [
      "",
      "%%%",
      btoa("nope"),
      btoa(`2026-11-22T07:00:00.123Z|${last.id}|x`),
      btoa(
        `2026-02-31T07:00:00.000Z|${last.id}`,
      ),
      "A".repeat(500),
    ]
  ) {
    assert.throws(() => decodeSessionCursor(junk), ValidationError, junk);
  }
});
