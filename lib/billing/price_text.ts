/**
 * How a plan's price reads on /pricing: Stripe's amount (in the currency's
 * smallest unit) formatted with Intl.NumberFormat for the reader's language,
 * and its billing interval ("$9.99 per month", "€99.00 every 2 years").
 */

/** A plan's price as Stripe's Prices API describes it (only what is shown). */
export interface PlanPrice {
  /** In the currency's smallest unit (cents); null for prices without one amount (tiers). */
  amount: number | null;
  /** ISO 4217, as Stripe gives it (lower case). */
  currency: string;
  /** day | week | month | year; null for a one-time price. */
  interval: string | null;
  intervalCount: number;
}

// Stripe's amounts are in the smallest unit by Stripe's own table, which is not always
// ISO 4217's (ISK and UGX are sent as two-decimal): docs.stripe.com/currencies.
const ZERO_DECIMAL = new Set(
  "bif clp djf gnf jpy kmf krw mga pyg rwf vnd vuv xaf xof xpf".split(" "),
);
const THREE_DECIMAL = new Set("bhd jod kwd omr tnd".split(" "));

function decimalsOf(currency: string): number {
  if (ZERO_DECIMAL.has(currency)) return 0;
  return THREE_DECIMAL.has(currency) ? 3 : 2;
}

/**
 * The first language of an Accept-Language header that Intl knows, else
 * "en". The header is the client's: anything malformed is ignored.
 */
export function localeFrom(acceptLanguage: string | undefined): string {
  for (const part of (acceptLanguage ?? "").slice(0, 200).split(",").slice(0, 8)) {
    const tag = part.split(";")[0].trim();
    if (!/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,3}$/.test(tag)) continue;
    try {
      const [supported] = Intl.NumberFormat.supportedLocalesOf([tag]);
      if (supported) return supported;
    } catch {
      // Not a well-formed tag after all: try the next one.
    }
  }
  return "en";
}

/** The amount with its currency ("$9.99", "¥1,200"), or undefined for a price without one. */
export function formatAmount(price: PlanPrice, locale = "en"): string | undefined {
  if (price.amount === null || !/^[a-z]{3}$/.test(price.currency)) return undefined;
  const decimals = decimalsOf(price.currency);
  try {
    return new Intl.NumberFormat(locale, { style: "currency", currency: price.currency })
      .format(price.amount / 10 ** decimals);
  } catch {
    return undefined;
  }
}

/** "per month", "every 3 months"; "once" for a one-time price. */
export function intervalText(price: PlanPrice): string {
  if (!price.interval) return "once";
  const n = price.intervalCount;
  return n > 1 ? `every ${n} ${price.interval}s` : `per ${price.interval}`;
}
