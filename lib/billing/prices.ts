/**
 * The prices /pricing shows, read from Stripe's Prices API through the
 * breaker (stripe_client.ts) and remembered, so the page does not call Stripe
 * per view: fresh for `ttlMs` (10 min); a failed read is not repeated for
 * `retryMs` (30 s); concurrent views share one read; and views wait for it
 * only until `waitMs` (1 s) after it began — past that, or with Stripe down (an
 * open breaker refuses at once), the page shows the last prices read, or none.
 */
import { log } from "../log.ts";
import type { BillingConfig } from "./config.ts";
import { offeredPlans, type Plan } from "./checkout.ts";
import type { PlanPrice } from "./price_text.ts";
import type { StripeGateway } from "./stripe_client.ts";

/** Each offered plan with its price (undefined: not read yet, Stripe unreachable). */
export type PlanPrices = { plan: Plan; price?: PlanPrice }[];

/** Timings (tests shorten them); every field has a default. */
export interface PriceCacheOptions {
  ttlMs?: number;
  retryMs?: number;
  waitMs?: number;
  now?: () => number;
}

/** One process's remembered prices of the configured plans. */
export class PriceCache {
  readonly #deps: { gateway: StripeGateway; config: BillingConfig };
  readonly #o: Required<PriceCacheOptions>;
  #known = new Map<Plan, PlanPrice>();
  #readAt = -Infinity;
  #failedAt = -Infinity;
  #reading?: Promise<void>;
  #readStartedAt = 0;

  constructor(
    deps: { gateway: StripeGateway; config: BillingConfig },
    options: PriceCacheOptions = {},
  ) {
    this.#deps = deps;
    this.#o = { ttlMs: 600_000, retryMs: 30_000, waitMs: 1_000, now: Date.now, ...options };
  }

  /** The offered plans with the prices known now (reading them first when due). */
  async plans(): Promise<PlanPrices> {
    const now = this.#o.now();
    const due = now - this.#readAt >= this.#o.ttlMs && now - this.#failedAt >= this.#o.retryMs;
    if (due) {
      if (!this.#reading) {
        this.#readStartedAt = now;
        this.#reading = this.#read().finally(() => this.#reading = undefined);
      }
      // Everyone waits until waitMs after the read began, not waitMs each: a slow Stripe
      // costs each view at most that second once.
      const left = this.#readStartedAt + this.#o.waitMs - now;
      let timer: ReturnType<typeof setTimeout> | undefined;
      if (left > 0) {
        await Promise.race([this.#reading, new Promise((r) => timer = setTimeout(r, left))]);
        clearTimeout(timer);
      }
    }
    return offeredPlans(this.#deps.config).map((plan) => ({ plan, price: this.#known.get(plan) }));
  }

  async #read(): Promise<void> {
    const { config, gateway } = this.#deps;
    try {
      const read = await Promise.all(
        offeredPlans(config).map(async (plan) => {
          const id = plan === "yearly" ? config.prices.yearly! : config.prices.monthly;
          return [plan, toPlanPrice(await gateway.retrievePrice(id))] as const;
        }),
      );
      this.#known = new Map(read);
      this.#readAt = this.#o.now();
    } catch (err) {
      // Unreachable or refused: keep what was known, and try again after retryMs.
      this.#failedAt = this.#o.now();
      log("warn", "pricing: could not read the plans' prices from Stripe", { error: String(err) });
    }
  }
}

/** Stripe's Price object as shown (a decimal amount when it has no integer one). */
function toPlanPrice(p: {
  unit_amount: number | null;
  /** A string in the API; the library's own Decimal type. */
  unit_amount_decimal?: { toString(): string } | null;
  currency: string;
  recurring: { interval: string; interval_count: number } | null;
}): PlanPrice {
  const decimal = Number(p.unit_amount_decimal?.toString() ?? NaN);
  return {
    amount: p.unit_amount ?? (Number.isFinite(decimal) ? decimal : null),
    currency: p.currency.toLowerCase(),
    interval: p.recurring?.interval ?? null,
    intervalCount: p.recurring?.interval_count ?? 1,
  };
}
