import assert from "node:assert/strict";
import { formatStartTime, parseStartTime } from "./start_time.ts";

Deno.test("parseStartTime() reads seconds and h/m/s, refuses the rest", () => {
  assert.equal(parseStartTime("90"), 90);
  assert.equal(parseStartTime("2"), 2);
  assert.equal(parseStartTime("1m30s"), 90);
  assert.equal(parseStartTime("90s"), 90);
  assert.equal(parseStartTime("1h2m3s"), 3723);
  assert.equal(parseStartTime("5m"), 300);
  for (
    const bad of [null, "", "0", "-5", "1.5", "abc", "1m30", "s", "h", "1d", "99999999", "25h"]
  ) {
    assert.equal(parseStartTime(bad), undefined, String(bad));
  }
});

Deno.test("formatStartTime() writes what parseStartTime() reads", () => {
  assert.equal(formatStartTime(90), "1m30s");
  assert.equal(formatStartTime(45.9), "45s");
  assert.equal(formatStartTime(3605), "1h0m5s");
  for (const s of [1, 59, 60, 61, 3599, 3600, 86399]) {
    assert.equal(parseStartTime(formatStartTime(s)), s);
  }
});
