import assert from "node:assert/strict";
import { FocusTracker } from "./focus.ts";

const ids = { clientId: "c", videoId: "v" };

Deno.test("a tab switch (blur, then hidden) is one interruption of kind hidden", () => {
  const t = new FocusTracker(0);
  t.away("blur", 1000);
  t.away("hidden", 1010);
  t.back("blur", 3000); // focus can come back before visibility: it does not end a hidden one
  assert.equal(t.interrupted, true);
  t.back("hidden", 4000);
  const r = t.finish(ids, 10_000);
  assert.deepEqual(
    [r.hiddenCount, r.hiddenS, r.blurCount, r.blurS],
    [1, 3, 0, 0],
  );
  assert.equal(r.startedAt, new Date(0).toISOString());
  assert.equal(r.endedAt, new Date(10_000).toISOString());
});

Deno.test("blurs count apart from hidden tabs, and an open one closes at the end", () => {
  const t = new FocusTracker(0);
  t.away("blur", 1000);
  t.back("blur", 1500);
  t.away("hidden", 2000);
  t.back("hidden", 2500);
  t.away("blur", 9000);
  const r = t.finish(ids, 10_000);
  assert.deepEqual([r.hiddenCount, r.hiddenS, r.blurCount, r.blurS], [1, 0.5, 2, 1.5]);
  assert.ok(r.hiddenS + r.blurS <= 10);
});

Deno.test("a back() without an away() changes nothing", () => {
  const t = new FocusTracker(0);
  t.back("hidden", 500);
  t.back("blur", 600);
  const r = t.finish(ids, 1000);
  assert.deepEqual([r.hiddenCount, r.blurCount, r.completed], [0, 0, false]);
});
