import { type AppOptions, createApp } from "../../app.ts";
import type { StripeGateway } from "../../lib/billing/stripe_client.ts";
import { openTestServices } from "./services.ts";
import { signedEvent, startStripeStandin, type StripeStandin } from "./stripe_standin.ts";

/** The webhook secret and prices the premium tests configure. */
export const PREMIUM_ENV = {
  STRIPE_SECRET_KEY: "sk_test_videoflow",
  STRIPE_WEBHOOK_SECRET: "whsec_videoflowtest",
  STRIPE_PRICE_MONTHLY: "price_monthly_test",
  STRIPE_PRICE_YEARLY: "price_yearly_test",
};

/** The stand-in's prices for PREMIUM_ENV's plans: $9.99 a month, $99.00 a year. */
export function setPremiumPrices(standin: StripeStandin): void {
  standin.setPrice(PREMIUM_ENV.STRIPE_PRICE_MONTHLY, {
    amount: 999,
    currency: "usd",
    interval: "month",
  });
  standin.setPrice(PREMIUM_ENV.STRIPE_PRICE_YEARLY, {
    amount: 9900,
    currency: "usd",
    interval: "year",
  });
}

/**
 * An app with premium configured against the Stripe stand-in (the real
 * library), a short circuit breaker, and `deliver()` that posts an event to
 * the webhook signed as Stripe would.
 */
export async function premiumApp(options: AppOptions = {}) {
  const standin = startStripeStandin();
  setPremiumPrices(standin);
  const services = await openTestServices({
    env: { ...PREMIUM_ENV, STRIPE_API_BASE: standin.url, STRIPE_TIMEOUT_MS: "1000" },
  });
  let gateway: StripeGateway | undefined;
  const app = createApp(services, {
    ...options,
    premium: {
      // Opens after two failed calls, for 2 s: long enough that a loaded machine sees it open.
      breaker: { failureThreshold: 2, resetMs: 2_000, retries: 1, backoffMs: 10 },
      ...options.premium,
      onGateway: (g) => gateway = g,
    },
  });
  const deliver = async (
    event: Record<string, unknown>,
    opts: { timestamp?: number; secret?: string } = {},
  ) => {
    const { body, signature } = await signedEvent(event, {
      secret: opts.secret ?? PREMIUM_ENV.STRIPE_WEBHOOK_SECRET,
      timestamp: opts.timestamp,
    });
    return await app.request("/api/v1/billing/webhook", {
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": signature },
      body,
    });
  };
  return {
    services,
    sql: services.db.sql,
    app,
    standin,
    gateway: () => gateway!,
    deliver,
    async close() {
      await standin.close();
      await services.close();
    },
  };
}

/** Delivers every event and fails unless each was accepted. */
export async function deliverAll(
  deliver: (e: Record<string, unknown>) => Promise<Response>,
  events: Record<string, unknown>[],
): Promise<void> {
  for (const e of events) {
    const r = await deliver(e);
    if (r.status !== 200) throw new Error(`webhook ${e.type}: ${r.status} ${await r.text()}`);
  }
}
