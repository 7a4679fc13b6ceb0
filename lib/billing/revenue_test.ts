import assert from "node:assert/strict";
import { splitRevenue } from "./revenue.ts";

Deno.test("splitRevenue: the pool is the share of revenue, split by premium watch time", () => {
  const m = { month: "2026-10-01", revenueCents: 100_000, totalWatchS: 3600 };
  // 50 % of 1,000.00 = 500.00; a creator with a quarter of the watch time gets 125.00.
  const a = splitRevenue({ ...m, watchS: 900 }, { share: 0.5 });
  assert.equal(a.poolCents, 50_000);
  assert.equal(a.shareCents, 12_500);
  // Thirds are rounded down: the parts never exceed the pool.
  const thirds = [1200, 1200, 1200].map((w) =>
    splitRevenue({ ...m, revenueCents: 1000, watchS: w }, { share: 1 }).shareCents
  );
  assert.deepEqual(thirds, [333, 333, 333]);
  assert.ok(thirds.reduce((s, x) => s + x, 0) <= 1000);
});

Deno.test("splitRevenue: no premium watch time pays nobody; no revenue is no pool", () => {
  const none = splitRevenue(
    { month: "2026-10-01", revenueCents: 5000, totalWatchS: 0, watchS: 0 },
    { share: 0.7 },
  );
  assert.equal(none.poolCents, 3500);
  assert.equal(none.shareCents, 0);
  const free = splitRevenue(
    { month: "2026-10-01", revenueCents: 0, totalWatchS: 100, watchS: 100 },
    { share: 0.7 },
  );
  assert.equal(free.shareCents, 0);
});

Deno.test("splitRevenue: a creator with all the watch time gets the whole pool", () => {
  const all = splitRevenue(
    { month: "2026-10-01", revenueCents: 999, totalWatchS: 10, watchS: 10 },
    { share: 0.3 },
  );
  assert.equal(all.poolCents, 299);
  assert.equal(all.shareCents, 299);
});
