/**
 * /pricing shows each configured plan's real price, read from Stripe's Prices
 * API (the stand-in) through the circuit breaker and remembered: many views
 * cost one read; an open breaker costs none and the page says the price could
 * not be loaded; remembered prices outlive a Stripe outage.
 */
import assert from "node:assert/strict";
import { PriceCache } from "../lib/billing/prices.ts";
import { PREMIUM_ENV, premiumApp } from "./_harness/premium.ts";

const priceReads = (requests: string[]) => requests.filter((r) => r.startsWith("GET /v1/prices/"));

Deno.test("/pricing shows each plan's amount, currency and interval, and reads Stripe once for many views", async () => {
  const t = await premiumApp();
  try {
    const html = await (await t.app.request("/pricing")).text();
    assert.match(html, /<strong>\$9\.99<\/strong> per month/);
    assert.match(html, /<strong>\$99\.00<\/strong> per year/);
    // Formatted for the reader's language.
    const de = await t.app.request("/pricing", { headers: { "accept-language": "de-DE,de" } });
    assert.match(await de.text(), /<strong>9,99\s\$<\/strong> per month/);
    // Remembered: a changed price shows after the cache's time, not on the next view.
    t.standin.setPrice(PREMIUM_ENV.STRIPE_PRICE_MONTHLY, {
      amount: 1299,
      currency: "eur",
      interval: "month",
    });
    for (let i = 0; i < 5; i++) {
      assert.match(await (await t.app.request("/pricing")).text(), /\$9\.99/);
    }
    assert.deepEqual(priceReads(t.standin.requests).sort(), [
      `GET /v1/prices/${PREMIUM_ENV.STRIPE_PRICE_MONTHLY}`,
      `GET /v1/prices/${PREMIUM_ENV.STRIPE_PRICE_YEARLY}`,
    ]);
  } finally {
    await t.close();
  }
});

Deno.test("with the breaker open /pricing renders without calling Stripe and says the price could not be loaded", async () => {
  const t = await premiumApp();
  try {
    // Two failed calls open the harness's breaker (then it refuses at once for 2 s).
    t.standin.mode = "error";
    for (let i = 0; i < 2; i++) await t.gateway().retrievePrice("price_any").catch(() => {});
    assert.equal(t.gateway().breaker.state, "open");
    t.standin.mode = "hang";
    const before = t.standin.requests.length;
    const r = await t.app.request("/pricing");
    assert.equal(r.status, 200);
    const html = await r.text();
    assert.match(html, /The price\s+could not be loaded just now/);
    assert.match(html, /Sign in to go premium/, "the plans are still offered");
    assert.doesNotMatch(html, /\$\d/);
    assert.equal(t.standin.requests.length, before, "an open breaker does not call Stripe");
  } finally {
    await t.close();
  }
});

Deno.test("prices are read again after ten minutes, and the last ones are kept while Stripe is down", async () => {
  const t = await premiumApp();
  try {
    let clock = 1_000_000;
    const cache = new PriceCache(
      { gateway: t.gateway(), config: t.services.config.billing! },
      { now: () => clock },
    );
    const monthly = async () => (await cache.plans()).find((p) => p.plan === "monthly")?.price;
    assert.equal((await monthly())?.amount, 999);
    t.standin.setPrice(PREMIUM_ENV.STRIPE_PRICE_MONTHLY, {
      amount: 1299,
      currency: "eur",
      interval: "month",
    });
    clock += 9 * 60_000;
    assert.equal((await monthly())?.amount, 999, "still remembered");
    clock += 2 * 60_000;
    assert.deepEqual(await monthly(), {
      amount: 1299,
      currency: "eur",
      interval: "month",
      intervalCount: 1,
    });
    t.standin.mode = "error";
    clock += 11 * 60_000;
    assert.equal((await monthly())?.amount, 1299, "kept through the outage");
    const reads = priceReads(t.standin.requests).length;
    clock += 10_000;
    assert.equal((await monthly())?.amount, 1299);
    assert.equal(priceReads(t.standin.requests).length, reads, "a failed read waits to be retried");
  } finally {
    await t.close();
  }
});
