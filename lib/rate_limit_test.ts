import assert from "node:assert/strict";
import { hitRateLimit } from "./rate_limit.ts";

Deno.test("hitRateLimit() allows `limit` hits per window, then says when to retry", async () => {
  const dir = await Deno.makeTempDir();
  const kv = await Deno.openKv(`${dir}/kv.sqlite3`);
  try {
    const rule = { name: "t", limit: 2, windowMs: 10_000 };
    const t0 = 1_000_000;
    assert.deepEqual(await hitRateLimit(kv, "a", { ...rule, now: t0 }), {
      ok: true,
      remaining: 1,
      retryAfter: 10,
    });
    assert.equal((await hitRateLimit(kv, "a", { ...rule, now: t0 + 100 })).ok, true);
    assert.deepEqual(await hitRateLimit(kv, "a", { ...rule, now: t0 + 2_500 }), {
      ok: false,
      remaining: 0,
      retryAfter: 8,
    });
    assert.equal((await hitRateLimit(kv, "b", { ...rule, now: t0 + 2_500 })).ok, true, "per key");
    assert.equal((await hitRateLimit(kv, "a", { ...rule, now: t0 + 10_000 })).ok, true, "reset");
  } finally {
    kv.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("hitRateLimit() counts concurrent hits exactly", async () => {
  const dir = await Deno.makeTempDir();
  const kv = await Deno.openKv(`${dir}/kv.sqlite3`);
  try {
    const rule = { name: "c", limit: 5, windowMs: 60_000 };
    const results = await Promise.all(
      Array.from({ length: 12 }, () => hitRateLimit(kv, "k", rule)),
    );
    assert.equal(results.filter((r) => r.ok).length, 5);
  } finally {
    kv.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("hitRateLimit() allows exactly the limit under a burst of 300 concurrent hits", async () => {
  const dir = await Deno.makeTempDir();
  const kv = await Deno.openKv(`${dir}/kv.sqlite3`);
  try {
    const rule = { name: "burst", limit: 250, windowMs: 60_000 };
    const results = await Promise.all(
      Array.from({ length: 300 }, () => hitRateLimit(kv, "1.2.3.4", rule)),
    );
    assert.equal(results.filter((r) => r.ok).length, 250);
  } finally {
    kv.close();
    await Deno.remove(dir, { recursive: true });
  }
});
