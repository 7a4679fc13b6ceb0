/**
 * THE PROJECT'S ONLY STAND-IN. Stripe's API cannot be reached from these
 * machines, so tests point the real `stripe` library (STRIPE_API_BASE) at
 * this small local HTTP server. It answers only the endpoints VideoFlow uses —
 * POST /v1/customers, POST /v1/checkout/sessions, POST
 * /v1/billing_portal/sessions, GET and DELETE /v1/subscriptions/:id, GET
 * /v1/subscriptions and GET /v1/prices/:id (the /pricing page's amounts: the
 * prices a test sets with `setPrice()`; any other id is Stripe's 404) — with
 * objects shaped as Stripe documents them
 * (docs.stripe.com/api: the Customer, Checkout Session, Portal Session, Price,
 * Subscription (period on its items since API version 2025-03-31), Invoice,
 * Event and List objects; only the fields read anywhere are filled in), and
 * Stripe's error envelope. It also builds the events Stripe would send
 * (stripe_events.ts signs them with the library's own
 * `webhooks.generateTestHeaderStringAsync`, so the app's check is real). Nothing
 * else in the project imitates anything: Postgres, storage, ffmpeg and the
 * browser are real.
 */
import { stripeEvent } from "./stripe_events.ts";

export { signedEvent, stripeEvent } from "./stripe_events.ts";

/** How the stand-in answers: normally, with 500s, or not at all (until closed). */
export type StandinMode = "ok" | "error" | "hang";

const DAY = 86_400;
const now = () => Math.floor(Date.now() / 1000);
const rid = (prefix: string) => `${prefix}_test_${crypto.randomUUID().replaceAll("-", "")}`;

/** A running stand-in. */
export interface StripeStandin {
  /** For STRIPE_API_BASE. */
  url: string;
  mode: StandinMode;
  /** Requests seen, as "METHOD /path". */
  requests: string[];
  sessions: Map<string, Record<string, unknown>>;
  subscriptions: Map<string, Record<string, unknown>>;
  /** Sets (or changes) a recurring price that GET /v1/prices/:id answers. */
  setPrice(id: string, price: PriceFields): void;
  /** Completes a checkout: the subscription exists (active) and the events Stripe sends. */
  completeCheckout(sessionId: string): Record<string, unknown>[];
  /** Changes a subscription and answers the event for it (deleted when canceled). */
  changeSubscription(id: string, patch: SubscriptionPatch): Record<string, unknown>;
  /** An invoice event for a subscription (paid or payment_failed). */
  invoiceEvent(subId: string, kind: "paid" | "payment_failed", amount?: number): Record<
    string,
    unknown
  >;
  close(): Promise<void>;
}

/** What changeSubscription() may change. */
export interface SubscriptionPatch {
  status?: string;
  cancelAtPeriodEnd?: boolean;
  periodEnd?: number;
}

/** A price's amount (smallest unit), currency and billing interval. */
export interface PriceFields {
  amount: number;
  currency: string;
  interval: "day" | "week" | "month" | "year";
  intervalCount?: number;
}

/** Stripe's Price object (docs.stripe.com/api/prices/object), recurring, per unit. */
function priceObject(id: string, p: PriceFields): Record<string, unknown> {
  return {
    id,
    object: "price",
    active: true,
    billing_scheme: "per_unit",
    created: now(),
    currency: p.currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: null,
    metadata: {},
    nickname: null,
    product: "prod_test_videoflow",
    recurring: {
      interval: p.interval,
      interval_count: p.intervalCount ?? 1,
      meter: null,
      usage_type: "licensed",
    },
    tax_behavior: "unspecified",
    tiers_mode: null,
    transform_quantity: null,
    type: "recurring",
    unit_amount: p.amount,
    unit_amount_decimal: String(p.amount),
  };
}

function subscriptionObject(
  o: { id: string; customer: string; price: string; userId: string; status: string },
): Record<string, unknown> {
  const start = now();
  return {
    id: o.id,
    object: "subscription",
    cancel_at_period_end: false,
    canceled_at: null,
    created: start,
    currency: "usd",
    customer: o.customer,
    ended_at: null,
    items: {
      object: "list",
      data: [{
        id: rid("si"),
        object: "subscription_item",
        created: start,
        current_period_start: start,
        current_period_end: start + 30 * DAY,
        metadata: {},
        price: { id: o.price, object: "price", currency: "usd", unit_amount: 999 },
        quantity: 1,
        subscription: o.id,
      }],
      has_more: false,
      url: `/v1/subscription_items?subscription=${o.id}`,
    },
    livemode: false,
    metadata: { user_id: o.userId },
    status: o.status,
  };
}

const error = (status: number, type: string, message: string) =>
  Response.json({ error: { type, message } }, { status });

/** Starts the stand-in on a free loopback port. */
export function startStripeStandin(): StripeStandin {
  const customers = new Map<string, Record<string, unknown>>();
  const sessions = new Map<string, Record<string, unknown>>();
  const subscriptions = new Map<string, Record<string, unknown>>();
  const prices = new Map<string, Record<string, unknown>>();
  const requests: string[] = [];
  const hanging = new AbortController();
  const standin = { mode: "ok" as StandinMode };
  const server: Deno.HttpServer<Deno.NetAddr> = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    onListen() {},
  }, async (req): Promise<Response> => {
    const url = new URL(req.url);
    const path = url.pathname;
    requests.push(`${req.method} ${path}`);
    if (path.startsWith("/checkout/")) {
      return new Response(
        `<!doctype html><html lang="en"><title>Stripe Checkout (stand-in)</title>` +
          `<h1>Stripe Checkout (test stand-in)</h1></html>`,
        { headers: { "content-type": "text/html; charset=utf-8" } },
      );
    }
    if (standin.mode === "hang") {
      await new Promise((r) => hanging.signal.addEventListener("abort", r));
      return error(500, "api_error", "closed");
    }
    if (standin.mode === "error") return error(500, "api_error", "Stand-in: Stripe is down.");
    const form = new URLSearchParams(req.method === "POST" ? await req.text() : url.search);
    const base: string = `http://127.0.0.1:${server.addr.port}`;
    if (req.method === "POST" && path === "/v1/customers") {
      const c = {
        id: rid("cus"),
        object: "customer",
        created: now(),
        email: form.get("email"),
        livemode: false,
        metadata: { user_id: form.get("metadata[user_id]") },
      };
      customers.set(c.id, c);
      return Response.json(c);
    }
    if (req.method === "POST" && path === "/v1/checkout/sessions") {
      const id = rid("cs");
      const s = {
        id,
        object: "checkout.session",
        client_reference_id: form.get("client_reference_id"),
        created: now(),
        customer: form.get("customer"),
        livemode: false,
        metadata: {},
        mode: form.get("mode"),
        payment_status: "unpaid",
        status: "open",
        subscription: null,
        success_url: form.get("success_url"),
        cancel_url: form.get("cancel_url"),
        url: `${base}/checkout/${id}`,
        line_items_price: form.get("line_items[0][price]"),
        subscription_user: form.get("subscription_data[metadata][user_id]"),
      };
      sessions.set(id, s);
      return Response.json(s);
    }
    if (req.method === "POST" && path === "/v1/billing_portal/sessions") {
      const customer = form.get("customer");
      if (!customer || !customers.has(customer)) {
        return error(400, "invalid_request_error", `No such customer: '${customer}'`);
      }
      return Response.json({
        id: rid("bps"),
        object: "billing_portal.session",
        created: now(),
        customer,
        livemode: false,
        return_url: form.get("return_url"),
        url: `${base}/portal/${customer}`,
      });
    }
    const price = /^\/v1\/prices\/([\w]+)$/.exec(path);
    if (req.method === "GET" && price) {
      const p = prices.get(price[1]);
      return p
        ? Response.json(p)
        : error(404, "invalid_request_error", `No such price: '${price[1]}'`);
    }
    const one = /^\/v1\/subscriptions\/([\w]+)$/.exec(path);
    if (req.method === "DELETE" && one) {
      const sub = subscriptions.get(one[1]);
      if (!sub) return error(404, "invalid_request_error", `No such subscription: '${one[1]}'`);
      Object.assign(sub, { status: "canceled", canceled_at: now(), ended_at: now() });
      return Response.json(sub);
    }
    if (req.method === "GET" && one) {
      const sub = subscriptions.get(one[1]);
      return sub
        ? Response.json(sub)
        : error(404, "invalid_request_error", `No such subscription: '${one[1]}'`);
    }
    if (req.method === "GET" && path === "/v1/subscriptions") {
      const all = [...subscriptions.values()];
      const after = form.get("starting_after");
      const from = after ? all.findIndex((s) => s.id === after) + 1 : 0;
      const limit = Number(form.get("limit") ?? 10);
      const data = all.slice(from, from + limit);
      return Response.json({
        object: "list",
        data,
        has_more: from + limit < all.length,
        url: "/v1/subscriptions",
      });
    }
    return error(404, "invalid_request_error", `Unrecognized request URL (${req.method}: ${path})`);
  });
  const itemOf = (sub: Record<string, unknown>) =>
    (sub.items as { data: Record<string, unknown>[] }).data[0];
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    get mode() {
      return standin.mode;
    },
    set mode(m: StandinMode) {
      standin.mode = m;
    },
    requests,
    sessions,
    subscriptions,
    setPrice(id, p) {
      prices.set(id, priceObject(id, p));
    },
    completeCheckout(sessionId) {
      const s = sessions.get(sessionId);
      if (!s) throw new Error(`no session ${sessionId}`);
      const sub = subscriptionObject({
        id: rid("sub"),
        customer: s.customer as string,
        price: s.line_items_price as string,
        userId: s.subscription_user as string,
        status: "active",
      });
      subscriptions.set(sub.id as string, sub);
      Object.assign(s, { status: "complete", payment_status: "paid", subscription: sub.id });
      return [
        stripeEvent("customer.subscription.created", structuredClone(sub)),
        stripeEvent("checkout.session.completed", structuredClone(s)),
        this.invoiceEvent(sub.id as string, "paid"),
      ];
    },
    changeSubscription(id, patch) {
      const sub = subscriptions.get(id);
      if (!sub) throw new Error(`no subscription ${id}`);
      if (patch.status) sub.status = patch.status;
      if (patch.cancelAtPeriodEnd !== undefined) sub.cancel_at_period_end = patch.cancelAtPeriodEnd;
      if (patch.periodEnd !== undefined) itemOf(sub).current_period_end = patch.periodEnd;
      if (sub.status === "canceled") {
        Object.assign(sub, { canceled_at: now(), ended_at: now() });
        return stripeEvent("customer.subscription.deleted", structuredClone(sub));
      }
      return stripeEvent("customer.subscription.updated", structuredClone(sub));
    },
    invoiceEvent(subId, kind, amount = 999) {
      const sub = subscriptions.get(subId)!;
      return stripeEvent(`invoice.${kind}`, {
        id: rid("in"),
        object: "invoice",
        amount_due: amount,
        amount_paid: kind === "paid" ? amount : 0,
        currency: "usd",
        customer: sub.customer,
        livemode: false,
        parent: {
          type: "subscription_details",
          quote_details: null,
          subscription_details: { metadata: {}, subscription: subId },
        },
        status: kind === "paid" ? "paid" : "open",
        status_transitions: { paid_at: kind === "paid" ? now() : null },
      });
    },
    async close() {
      hanging.abort();
      await server.shutdown();
    },
  };
}
