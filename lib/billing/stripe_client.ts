/**
 * The one way to Stripe: the official library, pointed at STRIPE_API_BASE
 * when set (the tests' stand-in), with its own retries off, every call going
 * through one CircuitBreaker (timeouts, retries with backoff, open circuit).
 */
import Stripe from "stripe";
import type { BillingConfig } from "./config.ts";
import { type BreakerOptions, CircuitBreaker } from "./circuit_breaker.ts";

/** What this project asks of Stripe, each call guarded by the breaker. */
export interface StripeGateway {
  /** The library itself, for webhook verification (no network). */
  readonly stripe: Stripe;
  readonly breaker: CircuitBreaker;
  createCustomer(p: Stripe.CustomerCreateParams): Promise<Stripe.Customer>;
  createCheckoutSession(p: Stripe.Checkout.SessionCreateParams): Promise<Stripe.Checkout.Session>;
  createPortalSession(
    p: Stripe.BillingPortal.SessionCreateParams,
  ): Promise<Stripe.BillingPortal.Session>;
  retrieveSubscription(id: string): Promise<Stripe.Subscription>;
  cancelSubscription(id: string): Promise<Stripe.Subscription>;
  listSubscriptions(p: Stripe.SubscriptionListParams): Promise<Stripe.ApiList<Stripe.Subscription>>;
  retrievePrice(id: string): Promise<Stripe.Price>;
}

/**
 * Whether a failure is Stripe's or the network's (worth a retry, counted by
 * the breaker) rather than a refusal of the request itself: connection
 * errors, rate limits, 409 (an idempotent request still in flight) and 5xx.
 */
export function isTransientStripeError(err: unknown): boolean {
  if (err instanceof Stripe.errors.StripeConnectionError) return true;
  if (err instanceof Stripe.errors.StripeRateLimitError) return true;
  if (err instanceof Stripe.errors.StripeAPIError) return true;
  if (err instanceof Stripe.errors.StripeError) {
    const status = err.statusCode ?? 0;
    return status === 409 || status >= 500;
  }
  // Anything else (a TypeError from fetch, an abort) is the network's.
  return true;
}

/** Knobs for the gateway (tests): breaker timings, and a look at the gateway made. */
export interface StripeOptions {
  breaker?: BreakerOptions;
  onGateway?: (gateway: StripeGateway) => void;
}

/** Opens the gateway for a configuration; `breaker` options override the defaults (tests). */
export function openStripe(config: BillingConfig, options: StripeOptions = {}): StripeGateway {
  const stripe = new Stripe(config.secretKey, {
    ...(config.api ?? {}),
    httpClient: Stripe.createFetchHttpClient(),
    maxNetworkRetries: 0,
    timeout: config.timeoutMs,
    appInfo: { name: "VideoFlow" },
  });
  const breaker = new CircuitBreaker("Stripe", {
    timeoutMs: config.timeoutMs,
    isTransient: isTransientStripeError,
    ...options.breaker,
  });
  const gateway: StripeGateway = {
    stripe,
    breaker,
    createCustomer: (p) => breaker.call(() => stripe.customers.create(p)),
    createCheckoutSession: (p) => breaker.call(() => stripe.checkout.sessions.create(p)),
    createPortalSession: (p) => breaker.call(() => stripe.billingPortal.sessions.create(p)),
    retrieveSubscription: (id) => breaker.call(() => stripe.subscriptions.retrieve(id)),
    cancelSubscription: (id) => breaker.call(() => stripe.subscriptions.cancel(id)),
    listSubscriptions: (p) => breaker.call(() => stripe.subscriptions.list(p)),
    retrievePrice: (id) => breaker.call(() => stripe.prices.retrieve(id)),
  };
  options.onGateway?.(gateway);
  return gateway;
}
