import assert from "node:assert/strict";
import { cachedRanking } from "./trending.ts";

Deno.test("cachedRanking() ranks once per period, shares the answer, forgets failures", async () => {
  let t = 0;
  let calls = 0;
  let fail = false;
  const ranked = cachedRanking(() => {
    calls++;
    return fail ? Promise.reject(new Error("db down")) : Promise.resolve([`r${calls}`]);
  }, { ttlMs: 1000, now: () => t });
  assert.deepEqual(await Promise.all([ranked(), ranked()]), [["r1"], ["r1"]]);
  t = 999;
  assert.deepEqual(await ranked(), ["r1"]);
  t = 1000;
  assert.deepEqual(await ranked(), ["r2"]);
  t = 2000;
  fail = true;
  await assert.rejects(ranked());
  fail = false;
  // The failure was not kept: the next call ranks again at once.
  assert.deepEqual(await ranked(), ["r4"]);
  assert.equal(calls, 4);
});
