import assert from "node:assert/strict";
import { formatAmount, intervalText, localeFrom, type PlanPrice } from "./price_text.ts";

const price = (p: Partial<PlanPrice>): PlanPrice => ({
  amount: 999,
  currency: "usd",
  interval: "month",
  intervalCount: 1,
  ...p,
});

Deno.test("amounts are read in the currency's smallest unit, as Stripe sends them", () => {
  assert.equal(formatAmount(price({})), "$9.99");
  assert.equal(formatAmount(price({ amount: 1200, currency: "jpy" })), "¥1,200");
  assert.equal(formatAmount(price({ amount: 12345, currency: "kwd" })), "KWD\u00a012.345");
  assert.equal(formatAmount(price({ amount: 9900, currency: "eur" }), "de-DE"), "99,00\u00a0€");
  assert.equal(formatAmount(price({ amount: null })), undefined, "a tiered price has no amount");
  assert.equal(formatAmount(price({ currency: "<b>" })), undefined);
});

Deno.test("intervals read as words", () => {
  assert.equal(intervalText(price({})), "per month");
  assert.equal(intervalText(price({ interval: "year" })), "per year");
  assert.equal(intervalText(price({ interval: "month", intervalCount: 3 })), "every 3 months");
  assert.equal(intervalText(price({ interval: null })), "once");
});

Deno.test("the locale comes from Accept-Language, and anything odd falls back to English", () => {
  assert.equal(localeFrom("de-DE,de;q=0.9,en;q=0.8"), "de-DE");
  assert.equal(localeFrom(undefined), "en");
  assert.equal(localeFrom("*"), "en");
  assert.equal(localeFrom("x".repeat(5000)), "en");
  assert.equal(localeFrom("\u0000, fr"), "fr");
});
