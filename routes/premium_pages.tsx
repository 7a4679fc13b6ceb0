import { type Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { z } from "zod";
import { Form } from "../components/Form.tsx";
import { Layout } from "../components/Layout.tsx";
import { PremiumDate } from "../components/PremiumParts.tsx";
import {
  type BillingDeps,
  openPortal,
  PLANS,
  premiumStatus,
  startCheckout,
} from "../lib/billing/checkout.ts";
import { NotFoundError, ValidationError } from "../lib/errors.ts";
import { PriceCache, type PriceCacheOptions } from "../lib/billing/prices.ts";
import { formatAmount, intervalText, localeFrom } from "../lib/billing/price_text.ts";
import { setVideoPremium } from "../lib/videos/premium_flag.ts";
import { requireUser } from "../middleware/auth.ts";
import { formPost, type FormState, formText } from "./_form.ts";
import { page } from "./_render.tsx";

const planField = z.object({ plan: z.enum(PLANS) });

const STATUS_TEXT: Record<string, string> = {
  active: "Active",
  trialing: "On trial",
  past_due: "Payment failed, retrying",
  unpaid: "Unpaid (ended)",
  canceled: "Cancelled",
  incomplete: "Waiting for payment",
  incomplete_expired: "Expired",
  paused: "Paused",
};

/**
 * /pricing (plans, "Go premium" → Stripe Checkout), /account/premium (tier,
 * status, renewal date, the Customer Portal) and the studio's premium switch
 * (POST /studio/videos/:id/premium). Mounted only with Stripe configured.
 */
export function premiumPageRoutes(
  deps: BillingDeps,
  options: { prices?: PriceCacheOptions } = {},
): Hono {
  const signedIn = requireUser({ signInPage: true });
  // One per app: the plans' prices are read from Stripe at most every 10 minutes.
  const prices = new PriceCache(deps, options.prices);
  return new Hono()
    .get("/pricing", async (c) => await pricingPage(c, {}))
    .post(
      "/pricing/checkout",
      signedIn,
      formPost(async (c, values) => {
        const p = planField.safeParse(values);
        if (!p.success) throw new ValidationError("Choose a plan.");
        const url = await startCheckout(deps, c.get("user")!, { plan: p.data.plan });
        return leaving(c, { url, to: "Stripe Checkout" });
      }, { rerender: (c, s, status) => pricingPage(c, s, status) }),
    )
    .get("/account/premium", signedIn, (c) => accountPage(c, {}))
    .post(
      "/account/premium/portal",
      signedIn,
      formPost(async (c) => {
        const url = await openPortal(deps, c.get("user")!);
        return leaving(c, { url, to: "Stripe's billing portal" });
      }, { rerender: (c, s, status) => accountPage(c, s, status) }),
    )
    .post("/studio/videos/:id/premium", signedIn, async (c) => {
      const id = z.uuid().safeParse(c.req.param("id"));
      if (!id.success) throw new NotFoundError("We could not find that video.");
      const form = await formText(c);
      await setVideoPremium(deps.sql, {
        videoId: id.data,
        viewer: c.get("user"),
        premium: form.premium === "true",
      });
      return c.redirect(`/studio/videos/${id.data}?saved=1`, 303);
    });

  async function pricingPage(c: Context, s: FormState, status: ContentfulStatusCode = 200) {
    const user = c.get("user");
    const cancelled = c.req.query("checkout") === "cancelled";
    const plans = user?.premium ? [] : await prices.plans();
    const locale = localeFrom(c.req.header("accept-language"));
    return page(
      c,
      <Layout title="Premium" description="VideoFlow Premium: every premium-only video.">
        <section class="form-card wide premium-pricing">
          <h1>VideoFlow Premium</h1>
          <p>
            Watch every premium-only video, and support the creators you watch: a share of premium
            revenue goes to creators by how long their premium videos are watched.
          </p>
          {cancelled && <p class="form-notice" role="status">Checkout was cancelled.</p>}
          {user?.premium
            ? (
              <p>
                You are a premium member. <a href="/account/premium">Your plan and billing</a>
              </p>
            )
            : (
              <ul class="premium-plans">
                {plans.map(({ plan, price }) => {
                  const amount = price && formatAmount(price, locale);
                  return (
                    <li key={plan} class="premium-plan">
                      <h2>{plan === "monthly" ? "Monthly" : "Yearly"}</h2>
                      {amount
                        ? (
                          <p class="premium-price">
                            <strong>{amount}</strong> {intervalText(price!)}
                          </p>
                        )
                        : (
                          <p class="premium-price">
                            Billed{" "}
                            {plan === "monthly" ? "every month" : "every year"}. The price could not
                            be loaded just now: Stripe Checkout shows it before you pay.
                          </p>
                        )}
                      <p class="muted">Cancel any time.</p>
                      {user
                        ? (
                          <Form action="/pricing/checkout" error={s.error}>
                            <input type="hidden" name="plan" value={plan} />
                            <button class="button" type="submit">Go premium</button>
                          </Form>
                        )
                        : <a class="button" href="/signin?next=/pricing">Sign in to go premium</a>}
                    </li>
                  );
                })}
              </ul>
            )}
        </section>
      </Layout>,
      status,
    );
  }

  async function accountPage(c: Context, s: FormState, status: ContentfulStatusCode = 200) {
    const st = await premiumStatus(deps.sql, c.get("user")!.id);
    const sub = st.subscription;
    const done = c.req.query("checkout") === "done";
    return page(
      c,
      <Layout title="Your premium plan">
        <section class="form-card wide premium-account">
          <p class="muted">
            <a href="/settings">← Settings</a>
          </p>
          <h1>Your premium plan</h1>
          {done && !st.premium && (
            <p class="form-notice" role="status">
              Thank you! Your payment is being confirmed; this page shows it within a minute.
            </p>
          )}
          <dl class="premium-facts">
            <dt>Tier</dt>
            <dd>{st.tier === "free" ? "Free" : st.tier === "premium" ? "Premium" : "Creator"}</dd>
            <dt>Status</dt>
            <dd>{sub ? STATUS_TEXT[sub.status] ?? sub.status : "No subscription"}</dd>
            {sub && (
              <>
                <dt>Plan</dt>
                <dd>{sub.plan === "yearly" ? "Yearly" : "Monthly"}</dd>
                <dt>{sub.cancelAtPeriodEnd || !sub.entitled ? "Ends" : "Renews"}</dt>
                <dd>
                  <PremiumDate at={sub.currentPeriodEnd} />
                </dd>
              </>
            )}
          </dl>
          {sub?.paymentFailedAt && sub.entitled && (
            <p class="form-error" role="alert">
              Your last payment failed. Update your card in the billing portal to keep premium.
            </p>
          )}
          {sub
            ? (
              <Form action="/account/premium/portal" error={s.error}>
                <button class="button" type="submit">Manage billing</button>
              </Form>
            )
            : <a class="button" href="/pricing">Go premium</a>}
        </section>
      </Layout>,
      status,
    );
  }
}

/**
 * The step to Stripe after a form: the page's Content-Security-Policy keeps
 * form submissions (and their redirects) on this site, so the browser goes on
 * by a refresh, with a link for anyone whose browser does not follow it.
 */
function leaving(c: Context, options: { url: string; to: string }) {
  c.header("Cache-Control", "private, no-store");
  return page(
    c,
    <Layout
      title="Continuing to Stripe"
      head={<meta http-equiv="refresh" content={`0;url=${options.url}`} />}
    >
      <section class="form-card">
        <h1>Continuing to {options.to}…</h1>
        <p>
          <a class="button" href={options.url}>Continue to {options.to}</a>
        </p>
      </section>
    </Layout>,
  );
}
