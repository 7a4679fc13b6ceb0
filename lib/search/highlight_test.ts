import assert from "node:assert/strict";
import { MARK_END, MARK_START, splitMarked } from "./highlight.ts";

Deno.test("splitMarked() turns marked text into segments", () => {
  assert.deepEqual(splitMarked(`a ${MARK_START}Café${MARK_END} and ${MARK_START}tea${MARK_END}`), [
    { text: "a ", match: false },
    { text: "Café", match: true },
    { text: " and ", match: false },
    { text: "tea", match: true },
  ]);
  assert.deepEqual(splitMarked(""), []);
  assert.deepEqual(splitMarked("<b>x</b>"), [{ text: "<b>x</b>", match: false }]);
});
