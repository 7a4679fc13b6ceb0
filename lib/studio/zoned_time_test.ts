import assert from "node:assert/strict";
import { ValidationError } from "../errors.ts";
import { isTimeZone, zonedTimeToUtc } from "./zoned_time.ts";

Deno.test("zonedTimeToUtc() reads a form's wall-clock time in the viewer's zone", () => {
  assert.equal(zonedTimeToUtc("2026-11-28T14:00", "UTC").toISOString(), "2026-11-28T14:00:00.000Z");
  // Berlin: UTC+1 in winter, UTC+2 in summer.
  assert.equal(
    zonedTimeToUtc("2026-11-28T14:00", "Europe/Berlin").toISOString(),
    "2026-11-28T13:00:00.000Z",
  );
  assert.equal(
    zonedTimeToUtc("2026-07-01T09:30", "Europe/Berlin").toISOString(),
    "2026-07-01T07:30:00.000Z",
  );
  assert.equal(
    zonedTimeToUtc("2026-03-01T20:00", "America/New_York").toISOString(),
    "2026-03-02T01:00:00.000Z",
  );
  assert.equal(
    zonedTimeToUtc("2026-12-31T23:45", "Asia/Kolkata").toISOString(),
    "2026-12-31T18:15:00.000Z",
  );
});

Deno.test("zonedTimeToUtc() refuses what is not a date, a time or a zone", () => {
  for (
    const [local, zone] of [
      ["2026-02-30T10:00", "UTC"],
      ["2026-11-28 14:00", "UTC"],
      ["tomorrow", "UTC"],
      ["2026-11-28T25:00", "UTC"],
      ["2026-11-28T14:00", "Mars/Olympus"],
      ["2026-11-28T14:00", "../etc/passwd"],
    ]
  ) {
    assert.throws(() => zonedTimeToUtc(local, zone), ValidationError, `${local} ${zone}`);
  }
  assert.equal(isTimeZone("Europe/Paris"), true);
  assert.equal(isTimeZone("Europe/Paris\r\n"), false);
});
