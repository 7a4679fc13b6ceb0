/**
 * Starting Stripe Checkout (subscription mode) and the Customer Portal for a
 * signed-in user, and what their account page shows.
 */
import type { Sql } from "../db/mod.ts";
import { ConflictError, ValidationError } from "../errors.ts";
import type { BillingConfig } from "./config.ts";
import type { StripeGateway } from "./stripe_client.ts";
import { isEntitledStatus, premiumNowSql, type Tier } from "./entitlement.ts";

/** The plans a user can choose. */
export const PLANS = ["monthly", "yearly"] as const;
export type Plan = typeof PLANS[number];

/** What checkout and the portal need. */
export interface BillingDeps {
  sql: Sql;
  gateway: StripeGateway;
  config: BillingConfig;
  publicUrl: string;
}

/** The plans this instance offers (yearly only with its price). */
export function offeredPlans(config: BillingConfig): Plan[] {
  return config.prices.yearly ? ["monthly", "yearly"] : ["monthly"];
}

/**
 * The user's Stripe customer id, created (once) with their id in its
 * metadata, so that every later event can be tied to them.
 */
async function customerFor(
  deps: BillingDeps,
  user: { id: string; email: string },
): Promise<string> {
  const [row] = await deps.sql<{ customer: string | null }[]>`
    select stripe_customer_id as customer from users where id = ${user.id}`;
  if (row?.customer) return row.customer;
  const customer = await deps.gateway.createCustomer({
    email: user.email,
    metadata: { user_id: user.id },
  });
  const [kept] = await deps.sql<{ customer: string }[]>`
    update users set stripe_customer_id = coalesce(stripe_customer_id, ${customer.id})
    where id = ${user.id} returning stripe_customer_id as customer`;
  return kept.customer;
}

/**
 * A Checkout session for `plan`; answers the URL to send the user to. A user
 * who is already premium is sent to the portal instead (ConflictError).
 */
export async function startCheckout(
  deps: BillingDeps,
  user: { id: string; email: string },
  options: { plan: Plan },
): Promise<string> {
  const price = options.plan === "yearly" ? deps.config.prices.yearly : deps.config.prices.monthly;
  if (!price) throw new ValidationError("This plan is not offered.");
  const [me] = await deps.sql<{ premium: boolean }[]>`
    select ${premiumNowSql(deps.sql)} as premium from users where id = ${user.id}`;
  if (me?.premium) throw new ConflictError("You are already premium: manage it in the portal.");
  const base = deps.publicUrl.replace(/\/$/, "");
  const session = await deps.gateway.createCheckoutSession({
    mode: "subscription",
    customer: await customerFor(deps, user),
    client_reference_id: user.id,
    line_items: [{ price, quantity: 1 }],
    subscription_data: { metadata: { user_id: user.id } },
    success_url: `${base}/account/premium?checkout=done`,
    cancel_url: `${base}/pricing?checkout=cancelled`,
  });
  if (!session.url) throw new ConflictError("Stripe did not return a checkout page.");
  return session.url;
}

/** A Customer Portal session's URL (card changes, cancellation, invoices). */
export async function openPortal(
  deps: BillingDeps,
  user: { id: string; email: string },
): Promise<string> {
  const portal = await deps.gateway.createPortalSession({
    customer: await customerFor(deps, user),
    return_url: `${deps.publicUrl.replace(/\/$/, "")}/account/premium`,
  });
  return portal.url;
}

/** What the account page shows about premium. */
export interface PremiumStatus {
  tier: Tier;
  premium: boolean;
  subscription: {
    plan: string;
    status: string;
    cancelAtPeriodEnd: boolean;
    currentPeriodEnd: Date | null;
    paymentFailedAt: Date | null;
    entitled: boolean;
  } | null;
}

/** The user's tier and their most recent subscription, from the stored state only. */
export async function premiumStatus(sql: Sql, userId: string): Promise<PremiumStatus> {
  const [user] = await sql<{ tier: Tier; premium: boolean }[]>`
    select tier, ${premiumNowSql(sql)} as premium from users where id = ${userId}`;
  const [sub] = await sql<NonNullable<PremiumStatus["subscription"]>[]>`
    select plan, status, cancel_at_period_end as "cancelAtPeriodEnd",
      current_period_end as "currentPeriodEnd", payment_failed_at as "paymentFailedAt"
    from subscriptions where user_id = ${userId}
    order by event_at desc limit 1`;
  return {
    tier: user?.tier ?? "free",
    premium: user?.premium ?? false,
    subscription: sub ? { ...sub, entitled: isEntitledStatus(sub.status) } : null,
  };
}
