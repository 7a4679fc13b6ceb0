/**
 * Who counts as premium now: the one definition, used by sessions (the
 * signed-in user's `premium`), the media edge's grant and the playback API
 * (through lib/videos/access.ts). The tier is kept by lib/billing/tier.ts.
 */
import type { Sql } from "../db/mod.ts";

/** The tiers a user can be on. */
export const TIERS = ["free", "premium", "creator"] as const;
export type Tier = typeof TIERS[number];

/**
 * Stripe subscription statuses that give premium: paying, on trial, or a
 * payment failed and Stripe is still retrying (past_due). After its retries
 * Stripe moves the subscription to unpaid or canceled, and access ends.
 */
export const ENTITLED_STATUSES = ["active", "trialing", "past_due"] as const;

/** Whether a subscription in `status` gives premium. */
export function isEntitledStatus(status: string): boolean {
  return (ENTITLED_STATUSES as readonly string[]).includes(status);
}

/**
 * The SQL condition over the `users` row in scope (unqualified, so it reads
 * in `from users`, `from users u` and an insert's `returning` alike): a paid
 * or granted tier that has not run out (premium_until is the paid period's end
 * plus a grace, so a tier whose ending event never arrived still ends on time;
 * null for granted tiers).
 */
export function premiumNowSql(sql: Sql): ReturnType<Sql> {
  return sql`(tier <> 'free' and (premium_until is null or premium_until > now()))`;
}
