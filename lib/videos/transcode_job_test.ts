import assert from "node:assert/strict";
import { inTempDir } from "../../tests/_harness/clips.ts";
import { colorClip } from "../../tests/_harness/hostile.ts";
import { loadConfig } from "../config.ts";
import { LimitError } from "../errors.ts";
import { probeMedia } from "../media/probe.ts";
import {
  budgetTranscode,
  sourceFacts,
  transcodeBudget,
  transcodeCost,
  unknownSourceBudget,
} from "./transcode_job.ts";

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

Deno.test("sourceFacts() costs a source by the frame rate its packets hold, not its header's", async () => {
  await inTempDir(async (dir) => {
    // 64×64 at 1000 fps for 0.3 s: the probe discards the header's absurd 1000 fps (30 assumed).
    const path = await colorClip(`${dir}/burst.mkv`, { size: "64x64", fps: 1000, durationS: 0.3 });
    const info = await probeMedia(path, {
      ffprobePath: "ffprobe",
      limits: { maxDimension: 4096, maxDurationS: 3600, maxFrames: 1_000_000 },
    });
    assert.equal(info.video.fps, 30);
    const facts = sourceFacts(info);
    assert.ok(facts.fps! > 900 && facts.fps! < 1100, `fps ${facts.fps}`);
    // 300 frames of 64×64: the budget sees them all, not 9.
    const cost = transcodeCost(facts);
    assert.ok(cost > 1_100_000 && cost < 1_400_000, `cost ${cost}`);
  });
});

Deno.test("unknownSourceBudget() fails closed: the long lane and a bounded time limit", () => {
  const config = loadConfig({});
  const b = transcodeBudget(config);
  const unknown = unknownSourceBudget(b);
  assert.ok(unknown.cost > config.jobs.shortLanePixels, "an unknown source is in the long lane");
  assert.equal(unknown.cost, config.jobs.maxPixels);
  // The limit of the costliest source accepted (5·10¹¹ pixels ≈ 8,038 s of 1080p30): 60 s + 10 ×.
  assert.equal(unknown.timeLimitMs, Math.round((60 + 10 * 5e11 / (1920 * 1080 * 30)) * 1000));
});
