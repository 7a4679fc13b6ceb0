/**
 * Premium subscriptions end to end through the real stripe library and the
 * Stripe stand-in (tests/_harness/stripe_standin.ts): checkout to an active
 * subscription by webhook, cancellation and payment failure, replayed and
 * out-of-order events, refused signatures, reconciliation.
 */
import assert from "node:assert/strict";
import { tokenAccount } from "./_harness/client.ts";
import { deliverAll, PREMIUM_ENV, premiumApp } from "./_harness/premium.ts";
import { signedEvent, stripeEvent } from "./_harness/stripe_standin.ts";
import { reconcileSubscriptions } from "../lib/billing/reconcile.ts";
import { GOOD_PASSWORD } from "./_harness/client.ts";
import { startWorker } from "../workers/mod.ts";

type App = Awaited<ReturnType<typeof premiumApp>>;

/** A signed-in account that went through Checkout; answers its subscription id. */
async function subscribe(t: App, name = "Subscriber") {
  const account = await tokenAccount(t.app, { name });
  const r = await account.call("/api/v1/billing/checkout", { json: { plan: "monthly" } });
  assert.equal(r.status, 200, await r.clone().text());
  const { url } = await r.json();
  const sessionId = new URL(url).pathname.split("/").at(-1)!;
  const session = t.standin.sessions.get(sessionId)!;
  assert.equal(session.mode, "subscription");
  assert.equal(session.client_reference_id, account.id);
  assert.equal(session.line_items_price, PREMIUM_ENV.STRIPE_PRICE_MONTHLY);
  const events = t.standin.completeCheckout(sessionId);
  const subId = (events[0].data as { object: { id: string } }).object.id;
  return { account, events, subId };
}

const me = async (account: { call(p: string): Promise<Response> }) =>
  await (await account.call("/api/v1/billing/me")).json();

Deno.test("checkout to an active subscription by webhook: tier, status, renewal date, revenue", async () => {
  const t = await premiumApp();
  try {
    const { account, events } = await subscribe(t);
    assert.equal((await me(account)).tier, "free", "nothing changes before Stripe says so");
    await deliverAll(t.deliver, events);
    const status = await me(account);
    assert.equal(status.tier, "premium");
    assert.equal(status.premium, true);
    assert.equal(status.subscription.status, "active");
    assert.equal(status.subscription.plan, "monthly");
    assert.ok(Date.parse(status.subscription.currentPeriodEnd) > Date.now() + 29 * 86_400_000);
    const [paid] = await t.sql`select amount_cents::int as cents, currency from billing_payments`;
    assert.deepEqual({ ...paid }, { cents: 999, currency: "usd" });
    // A premium member is sent to the portal, not to a second checkout.
    const again = await account.call("/api/v1/billing/checkout", { json: { plan: "monthly" } });
    assert.equal(again.status, 409);
    const portal = await account.call("/api/v1/billing/portal", { json: {} });
    assert.equal(portal.status, 200);
    assert.match((await portal.json()).url, /\/portal\/cus_/);
  } finally {
    await t.close();
  }
});

Deno.test("a replayed event changes nothing; an older event never downgrades a newer state", async () => {
  const t = await premiumApp();
  try {
    const { account, events, subId } = await subscribe(t);
    await deliverAll(t.deliver, events);
    const replay = await t.deliver(events[0]);
    assert.equal((await replay.json()).outcome, "duplicate");
    // Stripe delivers an old "canceled" snapshot after the newer "active" one.
    const old = stripeEvent("customer.subscription.updated", {
      ...t.standin.subscriptions.get(subId)!,
      status: "canceled",
    }, { created: Math.floor(Date.now() / 1000) - 3600 });
    assert.equal((await (await t.deliver(old)).json()).outcome, "applied");
    assert.equal((await me(account)).tier, "premium", "the older event was not applied");
    // Created and updated in the same second: the later state in a subscription's life wins.
    const sameSecond = Math.floor(Date.now() / 1000) + 5;
    const sub = t.standin.subscriptions.get(subId)!;
    await t.deliver(stripeEvent("customer.subscription.updated", sub, { created: sameSecond }));
    await t.deliver(
      stripeEvent("customer.subscription.created", { ...sub, status: "incomplete" }, {
        created: sameSecond,
      }),
    );
    assert.equal((await me(account)).subscription.status, "active");
    // Out of order the other way: a newer cancellation arrives, then the older update.
    const cancel = t.standin.changeSubscription(subId, { status: "canceled" });
    cancel.created = sameSecond + 10;
    await deliverAll(t.deliver, [cancel]);
    await t.deliver(stripeEvent("customer.subscription.updated", { ...sub, status: "active" }, {
      created: sameSecond + 9,
    }));
    const after = await me(account);
    assert.equal(after.tier, "free");
    assert.equal(after.subscription.status, "canceled");
  } finally {
    await t.close();
  }
});

Deno.test("cancellation at period end keeps premium until Stripe ends it; payment failure after retries ends it", async () => {
  const t = await premiumApp();
  try {
    const a = await subscribe(t, "Canceller");
    await deliverAll(t.deliver, a.events);
    await deliverAll(t.deliver, [
      t.standin.changeSubscription(a.subId, { cancelAtPeriodEnd: true }),
    ]);
    let status = await me(a.account);
    assert.equal(status.premium, true, "paid until the period ends");
    assert.equal(status.subscription.cancelAtPeriodEnd, true);
    await deliverAll(t.deliver, [t.standin.changeSubscription(a.subId, { status: "canceled" })]);
    status = await me(a.account);
    assert.equal(status.tier, "free");
    assert.equal(status.premium, false);

    const b = await subscribe(t, "Failing");
    await deliverAll(t.deliver, b.events);
    await deliverAll(t.deliver, [
      t.standin.invoiceEvent(b.subId, "payment_failed"),
      t.standin.changeSubscription(b.subId, { status: "past_due" }),
    ]);
    status = await me(b.account);
    assert.equal(status.premium, true, "Stripe is still retrying");
    assert.ok(status.subscription.paymentFailedAt);
    await deliverAll(t.deliver, [t.standin.changeSubscription(b.subId, { status: "unpaid" })]);
    assert.equal((await me(b.account)).premium, false, "Stripe gave up: access ends");
  } finally {
    await t.close();
  }
});

Deno.test("the webhook refuses unsigned, tampered, wrongly keyed and stale events, and changes nothing", async () => {
  const t = await premiumApp();
  try {
    const { events } = await subscribe(t);
    const post = (body: string, signature?: string) =>
      t.app.request("/api/v1/billing/webhook", {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(signature ? { "stripe-signature": signature } : {}),
        },
        body,
      });
    const good = await signedEvent(events[0], { secret: PREMIUM_ENV.STRIPE_WEBHOOK_SECRET });
    assert.equal((await post(good.body)).status, 400, "unsigned");
    const tampered = good.body.replace('"active"', '"trialing"');
    assert.notEqual(tampered, good.body);
    assert.equal((await post(tampered, good.signature)).status, 400, "tampered");
    const wrongKey = await signedEvent(events[0], { secret: "whsec_someoneelse" });
    assert.equal((await post(wrongKey.body, wrongKey.signature)).status, 400, "wrong secret");
    const stale = await signedEvent(events[0], {
      secret: PREMIUM_ENV.STRIPE_WEBHOOK_SECRET,
      timestamp: Math.floor(Date.now() / 1000) - 600,
    });
    const r = await post(stale.body, stale.signature);
    assert.equal(r.status, 400, "older than the tolerance");
    assert.equal((await r.json()).error.code, "invalid_input");
    assert.equal((await post("x".repeat(300 * 1024), good.signature)).status, 413);
    const [{ n }] = await t.sql`select count(*)::int as n from billing_events`;
    assert.equal(n, 0);
    assert.equal((await post(good.body, good.signature)).status, 200, "the genuine one passes");
  } finally {
    await t.close();
  }
});

Deno.test("reconciliation applies Stripe's state when a webhook never arrived", async () => {
  const t = await premiumApp();
  try {
    const { account, events, subId } = await subscribe(t);
    await deliverAll(t.deliver, events);
    t.standin.changeSubscription(subId, { status: "canceled" }); // the event is lost
    assert.equal((await me(account)).premium, true);
    const config = t.services.config.billing!;
    const report = await reconcileSubscriptions({ sql: t.sql, gateway: t.gateway(), config });
    assert.equal(report.changed, 1);
    assert.equal((await me(account)).premium, false);
    assert.ok(t.standin.requests.includes("GET /v1/subscriptions"));
  } finally {
    await t.close();
  }
});

Deno.test("deleting an account ends its Stripe subscription before anything is removed", async () => {
  const t = await premiumApp();
  try {
    const { account, events, subId } = await subscribe(t, "Leaving");
    await deliverAll(t.deliver, events);
    const r = await account.call("/api/v1/users/me/delete", { json: { password: GOOD_PASSWORD } });
    assert.equal(r.status, 202);
    const worker = await startWorker(t.services, { concurrency: 1 });
    try {
      for (let i = 0; i < 300; i++) {
        const [job] = await t.sql`select state from jobs where kind = 'delete_account'`;
        if (job?.state === "succeeded") break;
        assert.notEqual(job?.state, "dead");
        await new Promise((ok) => setTimeout(ok, 100));
      }
    } finally {
      await worker.stop();
    }
    assert.ok(t.standin.requests.includes(`DELETE /v1/subscriptions/${subId}`));
    assert.equal(t.standin.subscriptions.get(subId)!.status, "canceled");
    const [{ n }] = await t.sql`select count(*)::int as n from users where id = ${account.id}`;
    assert.equal(n, 0);
  } finally {
    await t.close();
  }
});
