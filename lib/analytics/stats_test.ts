import assert from "node:assert/strict";
import { dropOffs, histPercentile, sumArrays } from "./stats.ts";

Deno.test("histPercentile: upper edge of the bucket holding the rank", () => {
  const hist = Array(101).fill(0);
  hist[4] = 50; // 400–500 ms
  hist[19] = 45; // 1.9–2.0 s
  hist[30] = 5; // 3.0–3.1 s
  assert.equal(histPercentile(hist, 0.5), 500);
  assert.equal(histPercentile(hist, 0.95), 2000);
  assert.equal(histPercentile(hist, 0.96), 3100);
  assert.equal(histPercentile(Array(101).fill(0), 0.5), null);
});

Deno.test("sumArrays adds element-wise", () => {
  assert.deepEqual(sumArrays([[1, 2, 3], [1, 1]], 3), [2, 3, 3]);
});

Deno.test("dropOffs: the biggest falls, apart, with their time", () => {
  const curve = [...Array(40).fill(10), ...Array(20).fill(0), ...Array(40).fill(10)];
  const found = dropOffs(curve, { views: 10, durationS: 200 });
  assert.deepEqual(found, [{ bucket: 40, loss: 1, atS: 80 }]);
  const gentle = Array.from({ length: 100 }, (_, i) => 100 - i);
  assert.deepEqual(dropOffs(gentle, { views: 100, durationS: 100 }), []);
  const steps = [100, 100, 50, 50, 50, 50, 20, 19, 18, 18];
  assert.deepEqual(dropOffs(steps, { views: 100, durationS: 10 }).map((d) => d.bucket), [2, 6]);
  assert.deepEqual(dropOffs(curve, { views: 0, durationS: 1 }), []);
});
