import assert from "node:assert/strict";
import { planProgress, ProgressTracker } from "./transcode_progress.ts";

const rungs = [
  { name: "720p", width: 1280, height: 720, fps: 30 },
  { name: "360p", width: 640, height: 360, fps: 30 },
];
const source = { width: 1280, height: 720, fps: 30 };

Deno.test("planProgress() weighs the ladder by its rungs' cost; the remux and previews are small", () => {
  const fast = planProgress(source, rungs, { fast: true });
  assert.deepEqual(fast.stages.map((s) => s.stage), ["first_playable", "encoding", "previews"]);
  const [remux, ladder, previews] = fast.stages.map((s) => s.weight);
  assert.ok(remux < ladder / 10 && previews < ladder / 10);
  // One more rung costs its pixels: the ladder's weight grows by exactly that rung's share.
  const more = planProgress(
    source,
    [...rungs, { name: "240p", width: 426, height: 240, fps: 30 }],
    {
      fast: false,
    },
  );
  const slow = planProgress(source, rungs, { fast: false });
  assert.deepEqual(slow.stages.map((s) => s.stage), ["encoding", "previews"]);
  assert.equal(more.stages[0].weight - slow.stages[0].weight, 426 * 240 * 30);
});

Deno.test("ProgressTracker reports monotonically through its stages, with an estimate of time left", () => {
  let now = 0;
  const t = new ProgressTracker({ now: () => now });
  const seen: { percent: number; stage: string; etaS: number | null }[] = [];
  const log = (r: ReturnType<ProgressTracker["report"]>) =>
    seen.push({ percent: r.percent, stage: r.detail.stage, etaS: r.detail.etaS });
  log(t.update("probing", 0));
  log(t.update("probing", 0.5));
  log(t.plan(planProgress(source, rungs, { fast: true })));
  for (const f of [0, 0.5, 1, 0.2]) log(t.update("first_playable", f)); // 0.2: a late, smaller line
  now += 1000;
  for (const f of [0, 0.1, 0.05, 0.3]) {
    now += 2000;
    log(t.update("encoding", f));
  }
  // A retried ffmpeg step starts its fraction over: the bar does not move back.
  log(t.update("encoding", 0));
  now += 2000;
  log(t.update("encoding", 1));
  log(t.update("previews", 0.5));
  log(t.update("previews", 1));

  for (let i = 1; i < seen.length; i++) {
    assert.ok(
      seen[i].percent >= seen[i - 1].percent,
      `report ${i} went down: ${JSON.stringify(seen)}`,
    );
  }
  assert.deepEqual([...new Set(seen.map((s) => s.stage))], [
    "probing",
    "first_playable",
    "encoding",
    "previews",
  ]);
  assert.equal(seen[0].percent, 0);
  assert.equal(seen[2].percent, 2, "the probe's share is done once the plan is set");
  assert.ok(seen.at(-1)!.percent <= 99, "100 % is the video's state's to say");
  assert.ok(seen.at(-1)!.percent >= 98);
  // The remux is small: after it the bar is still low, not at 97 %.
  const afterRemux = seen.findLast((s) => s.stage === "first_playable")!;
  assert.ok(afterRemux.percent < 10, `after the remux: ${afterRemux.percent}`);
  // Estimates: none while it is too early to tell, then the pace extrapolated (6 s for ~27 %).
  assert.equal(seen[3].etaS, null);
  const mid = seen[10];
  assert.equal(mid.stage, "encoding");
  assert.ok(mid.etaS !== null && mid.etaS > 5 && mid.etaS < 60, JSON.stringify(mid));
});

Deno.test("ProgressTracker labels the ladder as the first playable version until it plays", () => {
  const t = new ProgressTracker({ now: () => 0 });
  t.plan(planProgress(source, rungs, { fast: false }));
  const early = t.update("encoding", 0.1, "first_playable");
  assert.equal(early.detail.stage, "first_playable");
  const later = t.update("encoding", 0.2);
  assert.equal(later.detail.stage, "encoding");
  assert.deepEqual(later.detail.rungs, ["720p", "360p"]);
  assert.ok(later.percent > early.percent);
});
