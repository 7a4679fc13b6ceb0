import assert from "node:assert/strict";
import { LimitError } from "../errors.ts";
import { budgetTranscode, transcodeCost } from "./transcode_job.ts";

const budget = { maxPixels: 5e11, timeLimitFactor: 10 };

Deno.test("transcodeCost() is width × height × fps × duration (30 fps when unknown)", () => {
  assert.equal(transcodeCost({ width: 1920, height: 1080, fps: 60, durationS: 10 }), 1_244_160_000);
  assert.equal(transcodeCost({ width: 100, height: 100, durationS: 2 }), 600_000);
});

Deno.test("budgetTranscode() refuses the 8K four-hour source the dimension limits let through", () => {
  assert.throws(
    () => budgetTranscode({ width: 7680, height: 4320, fps: 30, durationS: 4 * 3600 }, budget),
    (e) => {
      assert.ok(e instanceof LimitError);
      assert.match(e.message, /too much work.*7680×4320 at 30 fps for 4 h 0 min/);
      assert.match(e.message, /equivalent of 2 h 14 min of 1080p at 30 fps/);
      return true;
    },
  );
});

Deno.test("budgetTranscode() sets the time limit from the cost, not the duration alone", () => {
  const hd = budgetTranscode({ width: 1920, height: 1080, fps: 30, durationS: 600 }, budget);
  assert.equal(hd.timeLimitMs, (60 + 10 * 600) * 1000, "1080p30: as many seconds as before");
  const small = budgetTranscode({ width: 320, height: 180, fps: 30, durationS: 600 }, budget);
  assert.ok(small.timeLimitMs < hd.timeLimitMs / 20, "a small source gets far less time");
  const uhd = budgetTranscode({ width: 3840, height: 2160, fps: 60, durationS: 600 }, budget);
  assert.equal(uhd.timeLimitMs, (60 + 10 * 600 * 8) * 1000, "8× the pixels, 8× the time");
});
