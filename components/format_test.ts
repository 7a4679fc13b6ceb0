import assert from "node:assert/strict";
import { formatViews } from "./format.ts";

Deno.test("formatViews() uses the singular for exactly one", () => {
  assert.equal(formatViews(0), "0 views");
  assert.equal(formatViews(1), "1 view");
  assert.equal(formatViews(2), "2 views");
  assert.equal(formatViews("1"), "1 view");
  assert.equal(formatViews(1234567), "1,234,567 views");
});
