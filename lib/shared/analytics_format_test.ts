import assert from "node:assert/strict";
import { formatValue } from "./analytics_format.ts";

Deno.test("formatValue: counts, shares, ms, durations", () => {
  assert.equal(formatValue(12345.4, "count"), "12,345");
  assert.equal(formatValue(0.5, "share"), "50%");
  assert.equal(formatValue(0.004, "share"), "0.4%");
  assert.equal(formatValue(0, "share"), "0%");
  assert.equal(formatValue(450, "ms"), "450 ms");
  assert.equal(formatValue(2100, "ms"), "2.1 s");
  assert.equal(formatValue(42, "duration"), "42 s");
  assert.equal(formatValue(720, "duration"), "12 min");
  assert.equal(formatValue(12_240, "duration"), "3.4 h");
});
