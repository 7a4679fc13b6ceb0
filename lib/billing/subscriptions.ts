/**
 * The subscriptions table and the user's tier: one write path. A snapshot of
 * a Stripe subscription (from a webhook, a retrieve or the reconciliation's
 * list) is applied only if it is newer than what is stored, and the user's
 * tier follows in the same transaction.
 */
import type Stripe from "stripe";
import type { Queryable } from "../db/mod.ts";
import { ENTITLED_STATUSES } from "./entitlement.ts";

/** What is kept of a Stripe subscription. */
export interface SubscriptionSnapshot {
  id: string;
  customerId: string;
  status: string;
  cancelAtPeriodEnd: boolean;
  currentPeriodEnd: Date | null;
  priceId: string | null;
  /** Set by our checkout (subscription_data.metadata.user_id). */
  userId: string | null;
}

/** A user id as our checkout puts it into Stripe's metadata (anything else ties nothing). */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The snapshot of a subscription object as Stripe sends it. */
export function snapshotOf(sub: Stripe.Subscription): SubscriptionSnapshot {
  // Since API version 2025-03-31 the period lives on the items, not the subscription.
  const item = sub.items?.data?.[0];
  const end = item?.current_period_end ??
    (sub as unknown as { current_period_end?: number }).current_period_end;
  const userId = sub.metadata?.user_id;
  return {
    id: sub.id,
    customerId: typeof sub.customer === "string" ? sub.customer : sub.customer.id,
    status: sub.status,
    cancelAtPeriodEnd: !!sub.cancel_at_period_end,
    currentPeriodEnd: typeof end === "number" ? new Date(end * 1000) : null,
    priceId: item?.price?.id ?? null,
    userId: userId && UUID.test(userId) ? userId : null,
  };
}

// Terminal states: Stripe never brings a subscription back from them.
const TERMINAL = ["canceled", "incomplete_expired"];

/**
 * Rank of a status among states with the same event time (Stripe often sends
 * `created` (incomplete) and `updated` (active) within one second): later in
 * a subscription's life wins a tie.
 */
function rank(status: string): number {
  return status === "incomplete" ? 0 : TERMINAL.includes(status) ? 2 : 1;
}

/**
 * "Now" for a snapshot read from Stripe, in whole seconds like Stripe's event
 * times: an event created in the same second still applies after it (a tie).
 */
export function readAt(): Date {
  return new Date(Math.floor(Date.now() / 1000) * 1000);
}

/** Which plan a price is (the configured prices), `other` for anything else. */
export function planOf(
  priceId: string | null,
  prices: { monthly: string; yearly?: string },
): "monthly" | "yearly" | "other" {
  return priceId === prices.monthly ? "monthly" : priceId === prices.yearly ? "yearly" : "other";
}

/**
 * Applies a snapshot as of `at` (the event's creation time, or when it was
 * read from Stripe). Ignored when the stored state is newer (an older or
 * replayed event never downgrades a newer state), when it would leave a
 * terminal state, or when no user can be tied to it. Then the owner's tier is
 * recomputed. Answers whether it changed anything. Run it in a transaction.
 */
export async function applySubscription(
  tx: Queryable,
  snap: SubscriptionSnapshot,
  options: { at: Date; prices: { monthly: string; yearly?: string }; graceMs: number },
): Promise<boolean> {
  const [current] = await tx<{ userId: string; status: string; eventAt: Date }[]>`
    select user_id as "userId", status, event_at as "eventAt" from subscriptions
    where stripe_subscription_id = ${snap.id} for update`;
  if (current) {
    const older = options.at < current.eventAt ||
      (+options.at === +current.eventAt && rank(snap.status) < rank(current.status));
    if (older) return false;
    if (TERMINAL.includes(current.status) && !TERMINAL.includes(snap.status)) return false;
  }
  const userId = current?.userId ?? await ownerOf(tx, snap);
  if (!userId) return false;
  await tx`
    insert into subscriptions (stripe_subscription_id, user_id, stripe_customer_id, plan, status,
      cancel_at_period_end, current_period_end, event_at)
    values (${snap.id}, ${userId}, ${snap.customerId}, ${planOf(snap.priceId, options.prices)},
      ${snap.status}, ${snap.cancelAtPeriodEnd}, ${snap.currentPeriodEnd}, ${options.at})
    on conflict (stripe_subscription_id) do update set
      status = excluded.status, plan = excluded.plan,
      cancel_at_period_end = excluded.cancel_at_period_end,
      current_period_end = excluded.current_period_end, event_at = excluded.event_at,
      updated_at = now()`;
  await tx`update users set stripe_customer_id = ${snap.customerId}
    where id = ${userId} and stripe_customer_id is null`;
  await refreshTier(tx, userId, options);
  return true;
}

/** The user a new subscription belongs to: our checkout's metadata, else its customer. */
async function ownerOf(tx: Queryable, snap: SubscriptionSnapshot): Promise<string | undefined> {
  const [row] = await tx<{ id: string }[]>`
    select id from users
    where id = ${snap.userId} or stripe_customer_id = ${snap.customerId}
    order by (id = ${snap.userId}) desc nulls last limit 1`;
  return row?.id;
}

/**
 * Recomputes a user's tier from their subscriptions: premium while one is in
 * an entitled status, until its period's end plus the grace; free otherwise.
 * A granted tier (creator) is left alone.
 */
export async function refreshTier(
  tx: Queryable,
  userId: string,
  options: { graceMs: number },
): Promise<void> {
  await tx`
    update users u set
      tier = case when u.tier = 'creator' then 'creator'
                  when s.until is not null then 'premium' else 'free' end,
      premium_until = case when u.tier = 'creator' then null else s.until end
    from (select max(coalesce(current_period_end, now())) + ${options.graceMs} * interval '1 ms'
            as until
          from subscriptions
          where user_id = ${userId} and status = any(${ENTITLED_STATUSES as unknown as string[]})) s
    where u.id = ${userId}`;
}
