import assert from "node:assert/strict";
import { billingFromEnv } from "./config.ts";
import { ConfigError, loadConfig } from "../config.ts";

const FULL = {
  STRIPE_SECRET_KEY: "sk_test_abc",
  STRIPE_WEBHOOK_SECRET: "whsec_abc",
  STRIPE_PRICE_MONTHLY: "price_m",
};

Deno.test("billing: off without the Stripe variables, on with all three", () => {
  assert.deepEqual(billingFromEnv({}), { issues: [] });
  const on = billingFromEnv({ ...FULL, STRIPE_API_BASE: "http://127.0.0.1:4242" });
  assert.equal(on.config?.prices.monthly, "price_m");
  assert.deepEqual(on.config?.api, { host: "127.0.0.1", port: 4242, protocol: "http" });
  assert.equal(on.config?.creatorShare, 0.5);
  assert.equal(on.config?.toleranceS, 300);
});

Deno.test("billing: some but not all, or malformed, refuses to start", () => {
  assert.throws(
    () => loadConfig({ STRIPE_SECRET_KEY: "sk_test_abc" }),
    (e) => e instanceof ConfigError && /must be set together/.test(e.message),
  );
  assert.throws(
    () => loadConfig({ ...FULL, PREMIUM_CREATOR_SHARE: "1.5" }),
    (e) => e instanceof ConfigError && /PREMIUM_CREATOR_SHARE/.test(e.message),
  );
  assert.throws(() => loadConfig({ ...FULL, STRIPE_WEBHOOK_SECRET: "nope" }), ConfigError);
  assert.equal(loadConfig({}).billing, undefined);
});
