/**
 * Stripe's webhooks: the signature check on the raw body and each event's
 * effect, applied once (by event id) in one transaction with the
 * subscription and the user's tier.
 */
import Stripe from "stripe";
import type { Sql } from "../db/mod.ts";
import { ValidationError } from "../errors.ts";
import { log } from "../log.ts";
import type { BillingConfig } from "./config.ts";
import type { StripeGateway } from "./stripe_client.ts";
import {
  applySubscription,
  readAt,
  snapshotOf,
  type SubscriptionSnapshot,
  UUID,
} from "./subscriptions.ts";

/** The largest webhook body accepted (Stripe's events are a few KB). */
export const WEBHOOK_BODY_LIMIT = 256 * 1024;

const crypto = Stripe.createSubtleCryptoProvider();

/**
 * The event, if `header` (Stripe-Signature) signs exactly `body` with the
 * webhook secret and its timestamp is within the tolerance; otherwise a
 * ValidationError (400), so that Stripe shows the failure and retries.
 */
export async function verifyEvent(
  gateway: StripeGateway,
  body: Uint8Array,
  options: { header: string | undefined; config: BillingConfig },
): Promise<Stripe.Event> {
  if (!options.header) throw new ValidationError("The Stripe-Signature header is missing.");
  try {
    return await gateway.stripe.webhooks.constructEventAsync(
      body,
      options.header,
      options.config.webhookSecret,
      options.config.toleranceS,
      crypto,
    );
  } catch (err) {
    if (err instanceof Stripe.errors.StripeSignatureVerificationError) {
      throw new ValidationError("The webhook signature does not match or is too old.");
    }
    throw new ValidationError("The webhook body is not a Stripe event.");
  }
}

/** What became of an event. */
export type EventOutcome = "applied" | "duplicate" | "ignored";

type SubscriptionRef = string | Stripe.Subscription | null | undefined;

const idOf = (ref: SubscriptionRef | Stripe.Customer | Stripe.DeletedCustomer) =>
  typeof ref === "string" ? ref : ref?.id;

/** The subscription an invoice bills (moved under `parent` in API version 2025-03-31). */
function invoiceSubscription(invoice: Stripe.Invoice): string | undefined {
  const legacy = (invoice as unknown as { subscription?: SubscriptionRef }).subscription;
  return idOf(invoice.parent?.subscription_details?.subscription ?? legacy);
}

/**
 * Applies one verified event, once: the event id is recorded in the same
 * transaction as its effect, so a replay (Stripe retries, an attacker
 * replaying a captured request within the tolerance) changes nothing. A
 * completed checkout is tied to its user and, when Stripe answers, to the
 * subscription's current state (read before the transaction, so no Stripe
 * call holds a lock); subscription events carry their state; invoices record
 * revenue and payment failures.
 */
export async function handleEvent(
  deps: { sql: Sql; gateway: StripeGateway; config: BillingConfig },
  event: Stripe.Event,
): Promise<EventOutcome> {
  const at = new Date(event.created * 1000);
  const opts = { at, prices: deps.config.prices, graceMs: deps.config.graceMs };
  let fresh: SubscriptionSnapshot | undefined;
  if (event.type === "checkout.session.completed") {
    const subId = idOf(event.data.object.subscription);
    // Best effort: the subscription's own events bring the same state if Stripe is down now.
    if (subId) {
      fresh = await deps.gateway.retrieveSubscription(subId).then(snapshotOf, (err) => {
        log("warn", "billing: subscription not read at checkout", { error: String(err) });
        return undefined;
      });
    }
  }
  return await deps.sql.begin(async (tx) => {
    const [first] = await tx`insert into billing_events (id, type, created_at)
      values (${event.id}, ${event.type}, ${at}) on conflict (id) do nothing returning id`;
    if (!first) return "duplicate" as const;
    switch (event.type) {
      case "checkout.session.completed": {
        const session = event.data.object;
        const customer = idOf(session.customer);
        const userId = session.client_reference_id;
        if (customer && userId && UUID.test(userId)) {
          await tx`update users set stripe_customer_id = ${customer}
            where id = ${userId} and stripe_customer_id is null`;
        }
        if (fresh) await applySubscription(tx, fresh, { ...opts, at: readAt() });
        return "applied" as const;
      }
      case "customer.subscription.created":
      case "customer.subscription.updated":
      case "customer.subscription.deleted":
        await applySubscription(tx, snapshotOf(event.data.object), opts);
        return "applied" as const;
      case "invoice.paid": {
        const invoice = event.data.object;
        const paidAt = invoice.status_transitions?.paid_at ?? event.created;
        await tx`insert into billing_payments (invoice_id, user_id, amount_cents, currency, paid_at)
          select ${invoice.id!}, (select id from users where stripe_customer_id = ${
          idOf(invoice.customer) ?? null
        }), ${invoice.amount_paid}, ${invoice.currency}, ${new Date(paidAt * 1000)}
          on conflict (invoice_id) do nothing`;
        await tx`update subscriptions set payment_failed_at = null
          where stripe_subscription_id = ${invoiceSubscription(invoice) ?? null}
            and payment_failed_at <= ${at}`;
        return "applied" as const;
      }
      case "invoice.payment_failed": {
        // Access continues while Stripe retries (past_due); its subscription events end it.
        await tx`update subscriptions set payment_failed_at = ${at}
          where stripe_subscription_id = ${invoiceSubscription(event.data.object) ?? null}`;
        return "applied" as const;
      }
      default:
        return "ignored" as const;
    }
  });
}
