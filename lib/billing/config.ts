import { z } from "zod";

/** Premium's configuration (STRIPE_*, PREMIUM_*); `undefined` when Stripe is not configured. */
export interface BillingConfig {
  secretKey: string;
  webhookSecret: string;
  prices: { monthly: string; yearly?: string };
  /** Where the stripe library sends its requests (STRIPE_API_BASE; tests: the stand-in). */
  api?: { host: string; port: number; protocol: "http" | "https" };
  /** How old a webhook signature may be (seconds; Stripe's default 300). */
  toleranceS: number;
  /** A premium tier outlives its paid period by this much when no event arrives (ms). */
  graceMs: number;
  /** The share of premium revenue paid out to creators by premium watch time (0–1). */
  creatorShare: number;
  /** How often the reconciliation job compares subscriptions with Stripe (ms). */
  reconcileEveryMs: number;
  /** Per-call timeout of a Stripe request (ms). */
  timeoutMs: number;
}

const schema = z.object({
  STRIPE_SECRET_KEY: z.string().regex(/^(sk|rk)_[\w]+$/, "must look like sk_… or rk_…").optional(),
  STRIPE_WEBHOOK_SECRET: z.string().regex(/^whsec_[\w]+$/, "must look like whsec_…").optional(),
  STRIPE_PRICE_MONTHLY: z.string().regex(/^price_[\w]+$/, "must look like price_…").optional(),
  STRIPE_PRICE_YEARLY: z.string().regex(/^price_[\w]+$/, "must look like price_…").optional(),
  STRIPE_API_BASE: z.url({ protocol: /^https?$/ }).optional(),
  STRIPE_WEBHOOK_TOLERANCE_S: z.coerce.number().int().min(1).max(3600).default(300),
  STRIPE_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  PREMIUM_GRACE_HOURS: z.coerce.number().min(0).max(24 * 14).default(24),
  PREMIUM_CREATOR_SHARE: z.coerce.number().min(0).max(1).default(0.5),
  PREMIUM_RECONCILE_EVERY_S: z.coerce.number().int().min(60).max(7 * 86_400).default(3600),
});

/**
 * Reads premium's variables from the environment (already stripped of empty
 * values). Premium is on only when the secret key, the webhook secret and the
 * monthly price are all set; some but not all of them is a mistake worth
 * refusing to start over. Returns the problems as `issues` (config.ts reports
 * them with the others).
 */
export function billingFromEnv(
  env: Record<string, string>,
): { config?: BillingConfig; issues: string[] } {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    return { issues: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) };
  }
  const e = parsed.data;
  const required = [e.STRIPE_SECRET_KEY, e.STRIPE_WEBHOOK_SECRET, e.STRIPE_PRICE_MONTHLY];
  if (required.every((v) => v === undefined)) return { issues: [] };
  if (!e.STRIPE_SECRET_KEY || !e.STRIPE_WEBHOOK_SECRET || !e.STRIPE_PRICE_MONTHLY) {
    return {
      issues: [
        "STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET and STRIPE_PRICE_MONTHLY must be set together",
      ],
    };
  }
  const base = e.STRIPE_API_BASE ? new URL(e.STRIPE_API_BASE) : undefined;
  const protocol = base?.protocol === "http:" ? "http" : "https";
  return {
    issues: [],
    config: {
      secretKey: e.STRIPE_SECRET_KEY,
      webhookSecret: e.STRIPE_WEBHOOK_SECRET,
      prices: { monthly: e.STRIPE_PRICE_MONTHLY, yearly: e.STRIPE_PRICE_YEARLY },
      api: base && {
        host: base.hostname.replace(/^\[|\]$/g, ""),
        port: Number(base.port || (protocol === "http" ? 80 : 443)),
        protocol,
      },
      toleranceS: e.STRIPE_WEBHOOK_TOLERANCE_S,
      graceMs: e.PREMIUM_GRACE_HOURS * 3_600_000,
      creatorShare: e.PREMIUM_CREATOR_SHARE,
      reconcileEveryMs: e.PREMIUM_RECONCILE_EVERY_S * 1000,
      timeoutMs: e.STRIPE_TIMEOUT_MS,
    },
  };
}
