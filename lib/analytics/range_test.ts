import assert from "node:assert/strict";
import { daysIn, eachDay, MAX_RANGE_DAYS, parseRange } from "./range.ts";

const now = Date.parse("2026-11-22T10:00:00Z");

Deno.test("parseRange: presets, custom, clamped, fallback", () => {
  assert.deepEqual(parseRange({ range: "7" }, now), {
    from: "2026-11-16",
    to: "2026-11-22",
    preset: "7",
  });
  assert.equal(parseRange({}, now).preset, "28");
  assert.equal(parseRange({ range: "1000" }, now).from, "2026-10-26");
  assert.deepEqual(parseRange({ from: "2026-11-10", to: "2026-11-01" }, now), {
    from: "2026-11-01",
    to: "2026-11-10",
    preset: "custom",
  });
  const long = parseRange({ from: "2000-01-01", to: "2030-01-01" }, now);
  assert.equal(long.to, "2026-11-22");
  assert.equal(daysIn(long), MAX_RANGE_DAYS);
  assert.equal(parseRange({ from: "2026-02-31", to: "x" }, now).preset, "28");
  assert.deepEqual(eachDay({ from: "2026-02-27", to: "2026-03-01" }), [
    "2026-02-27",
    "2026-02-28",
    "2026-03-01",
  ]);
});
