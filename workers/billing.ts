import { z } from "zod";
import type { Sql } from "../lib/db/mod.ts";
import type { BillingConfig } from "../lib/billing/config.ts";
import { reconcileSubscriptions } from "../lib/billing/reconcile.ts";
import { cancelSubscriptionsOf } from "../lib/billing/cancel.ts";
import { openStripe } from "../lib/billing/stripe_client.ts";
import { log } from "../lib/log.ts";
import {
  type AnyJobDefinition,
  defineJob,
  defineSchedule,
  type Schedule,
} from "../lib/queue/mod.ts";

/**
 * Premium's chore: the reconciliation with Stripe every `reconcileEveryMs`
 * (lib/billing/reconcile.ts), and `cancelFor`, which the account deletion job
 * runs first. Nothing without Stripe configured.
 */
export function billingJobs(
  deps: { sql: Sql; config?: BillingConfig },
): {
  jobs: AnyJobDefinition[];
  schedules: Schedule[];
  cancelFor?: (userId: string) => Promise<number>;
} {
  const config = deps.config;
  if (!config) return { jobs: [], schedules: [] };
  const gateway = openStripe(config);
  const reconcile = defineJob({
    kind: "billing_reconcile",
    payload: z.object({}),
    concurrency: 1,
    handler: async () => {
      const report = await reconcileSubscriptions({ sql: deps.sql, gateway, config });
      log("info", "billing: reconciled", { ...report });
    },
  });
  return {
    // An account being deleted: its subscriptions end at Stripe first (lib/billing/cancel.ts).
    cancelFor: (userId) => cancelSubscriptionsOf({ sql: deps.sql, gateway, config }, userId),
    jobs: [reconcile],
    schedules: [
      defineSchedule({
        name: "billing_reconcile",
        everyMs: config.reconcileEveryMs,
        kind: reconcile,
        payload: {},
      }),
    ],
  };
}
