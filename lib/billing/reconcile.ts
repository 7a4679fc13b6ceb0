/**
 * Reconciliation: compares the stored subscriptions with Stripe's and applies
 * Stripe's state where it is newer (a webhook lost or not yet delivered).
 */
import type Stripe from "stripe";
import type { Sql } from "../db/mod.ts";
import { UnavailableError } from "../errors.ts";
import { log } from "../log.ts";
import type { BillingConfig } from "./config.ts";
import type { StripeGateway } from "./stripe_client.ts";
import { applySubscription, readAt, snapshotOf } from "./subscriptions.ts";
import { ENTITLED_STATUSES } from "./entitlement.ts";

/** Pages of 100 read per run at most, and stored subscriptions re-read one by one. */
const MAX_PAGES = 50;
const MAX_SINGLES = 200;

/** What a run did. */
export interface ReconcileReport {
  seen: number;
  changed: number;
}

/**
 * Reads every subscription from Stripe (paged, bounded) and applies each as
 * of the moment it was read; then re-reads, one by one, the stored ones that
 * still give premium but were not in the list (deleted long ago, or past the
 * bound). Stripe being down ends the run with UnavailableError (the job
 * retries later); the stored state stays as it was, so playback goes on.
 */
export async function reconcileSubscriptions(
  deps: { sql: Sql; gateway: StripeGateway; config: BillingConfig },
): Promise<ReconcileReport> {
  const opts = { prices: deps.config.prices, graceMs: deps.config.graceMs };
  const seen = new Set<string>();
  let changed = 0;
  const apply = async (sub: Stripe.Subscription, at: Date) => {
    seen.add(sub.id);
    const done = await deps.sql.begin((tx) =>
      applySubscription(tx, snapshotOf(sub), { ...opts, at })
    );
    if (done) changed++;
  };
  let after: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const at = readAt();
    const list = await deps.gateway.listSubscriptions({
      status: "all",
      limit: 100,
      ...(after ? { starting_after: after } : {}),
    });
    for (const sub of list.data) await apply(sub, at);
    if (!list.has_more || !list.data.length) break;
    after = list.data[list.data.length - 1].id;
  }
  const stale = await deps.sql<{ id: string }[]>`
    select stripe_subscription_id as id from subscriptions
    where status = any(${ENTITLED_STATUSES as unknown as string[]})
    order by updated_at limit ${MAX_SINGLES}`;
  for (const { id } of stale) {
    if (seen.has(id)) continue;
    const at = readAt();
    // Stripe refusing one id (unknown to it) must not stop the run; being down does.
    const sub = await deps.gateway.retrieveSubscription(id).catch((err) => {
      if (err instanceof UnavailableError) throw err;
      log("warn", "billing: subscription not found at Stripe", { id, error: String(err) });
      return undefined;
    });
    if (sub) await apply(sub, at);
  }
  return { seen: seen.size, changed };
}
