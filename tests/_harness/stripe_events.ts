/**
 * The events Stripe sends to a webhook endpoint, for the stand-in
 * (stripe_standin.ts) and the tests: the Event object, and its request signed
 * by the stripe library's own test helper (the real HMAC scheme).
 */
import Stripe from "stripe";

const now = () => Math.floor(Date.now() / 1000);

/** An event object as Stripe sends it to a webhook endpoint. */
export function stripeEvent(
  type: string,
  object: Record<string, unknown>,
  options: { created?: number } = {},
): Record<string, unknown> {
  return {
    id: `evt_test_${crypto.randomUUID().replaceAll("-", "")}`,
    object: "event",
    api_version: "2026-10-28.endive",
    created: options.created ?? now(),
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  };
}

/**
 * A webhook request as Stripe makes it: the JSON body and its Stripe-Signature
 * header from the library's own helper (`timestamp` in seconds: an old one
 * makes a stale signature).
 */
export async function signedEvent(
  event: Record<string, unknown>,
  options: { secret: string; timestamp?: number },
): Promise<{ body: string; signature: string }> {
  const body = JSON.stringify(event);
  const stripe = new Stripe("sk_test_standin", { httpClient: Stripe.createFetchHttpClient() });
  const signature = await stripe.webhooks.generateTestHeaderStringAsync({
    payload: body,
    secret: options.secret,
    timestamp: options.timestamp,
    cryptoProvider: Stripe.createSubtleCryptoProvider(),
  });
  return { body, signature };
}
