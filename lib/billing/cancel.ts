/**
 * Ending a user's subscriptions at Stripe when their account is deleted, so
 * that nobody is billed for an account that no longer exists.
 */
import type { Sql } from "../db/mod.ts";
import type { BillingConfig } from "./config.ts";
import { ENTITLED_STATUSES } from "./entitlement.ts";
import type { StripeGateway } from "./stripe_client.ts";
import { applySubscription, readAt, snapshotOf } from "./subscriptions.ts";

/**
 * Cancels at once, at Stripe, every subscription of `userId` that still
 * bills (active, trialing, past_due, and incomplete or unpaid ones), and
 * stores Stripe's answer. Stripe being down throws UnavailableError: the
 * account deletion job is retried rather than deleting an account whose card
 * would still be charged. Answers how many were cancelled.
 */
export async function cancelSubscriptionsOf(
  deps: { sql: Sql; gateway: StripeGateway; config: BillingConfig },
  userId: string,
): Promise<number> {
  const live = [...ENTITLED_STATUSES, "incomplete", "unpaid", "paused"];
  const subs = await deps.sql<{ id: string }[]>`
    select stripe_subscription_id as id from subscriptions
    where user_id = ${userId} and status = any(${live}) limit 100`;
  const opts = { prices: deps.config.prices, graceMs: deps.config.graceMs };
  for (const { id } of subs) {
    const sub = await deps.gateway.cancelSubscription(id);
    await deps.sql.begin((tx) => applySubscription(tx, snapshotOf(sub), { ...opts, at: readAt() }));
  }
  return subs.length;
}
