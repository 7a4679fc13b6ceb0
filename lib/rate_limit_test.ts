import assert from "node:assert/strict";
import { hitRateLimit, networkKey, refundRateLimit } from "./rate_limit.ts";

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

Deno.test("refundRateLimit() gives one hit back within the window, never below zero", async () => {
  const dir = await Deno.makeTempDir();
  const kv = await Deno.openKv(`${dir}/kv.sqlite3`);
  try {
    const rule = { name: "r", limit: 2, windowMs: 10_000, now: 1_000_000 };
    await hitRateLimit(kv, "a", rule);
    await hitRateLimit(kv, "a", rule);
    await refundRateLimit(kv, "a", rule);
    await refundRateLimit(kv, "a", rule);
    await refundRateLimit(kv, "a", rule);
    assert.equal((await hitRateLimit(kv, "a", rule)).remaining, 1);
    assert.equal((await hitRateLimit(kv, "a", rule)).remaining, 0);
    assert.equal((await hitRateLimit(kv, "a", rule)).ok, false);
  } finally {
    kv.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("networkKey(): IPv4 as is, IPv6 by its /64, IPv4-mapped as IPv4", () => {
  assert.equal(networkKey("203.0.113.7"), "203.0.113.7");
  assert.equal(networkKey("::ffff:203.0.113.7"), "203.0.113.7");
  assert.equal(networkKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), "2001:db8:1:2::/64");
  assert.equal(networkKey("2001:0db8:0001:0002::1"), "2001:db8:1:2::/64");
  assert.equal(networkKey("2001:db8::1"), "2001:db8:0:0::/64");
  assert.equal(networkKey("2001:DB8:1:2::5%eth0"), "2001:db8:1:2::/64");
  assert.equal(networkKey("::1"), "0:0:0:0::/64");
  assert.equal(networkKey("unknown"), "unknown");
  assert.equal(networkKey("1:2:3"), "1:2:3", "not an address: left alone");
});
