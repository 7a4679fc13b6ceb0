/**
 * Premium in Chromium: a premium-only video is refused (poster and a call to
 * go premium, no player); the viewer goes premium through Checkout (the
 * Stripe stand-in's page, then Stripe's signed webhooks), and the same video
 * plays. Then every premium page, desktop and phone, light and dark, with axe.
 */
import assert from "node:assert/strict";
import {
  DEVICES,
  memberWithRole,
  openBrowserApp,
  type PageShot,
  shootPages,
} from "./_harness/browser_app.ts";
import { PREMIUM_ENV } from "./_harness/premium.ts";
import { signedEvent, startStripeStandin } from "./_harness/stripe_standin.ts";
import { readyPublicVideo } from "./_harness/videos.ts";

Deno.test({
  name: "premium: a premium video is refused, then plays after going premium through Checkout",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const standin = startStripeStandin();
    const { services, browser, base, close } = await openBrowserApp({
      env: { ...PREMIUM_ENV, STRIPE_API_BASE: standin.url },
    });
    try {
      const sql = services.db.sql;
      const videoId = await readyPublicVideo(
        { sql, storage: services.storage, dir: services.dir },
        { width: 320, height: 180, durationS: 6 },
      );
      const creator = await memberWithRole(browser, base, { sql, role: "creator" });
      await sql`update videos set owner_id = ${creator.id}, title = 'Premium test pattern',
        description = 'Colour bars for members.', premium = true where id = ${videoId}`;
      const viewer = await memberWithRole(browser, base, { sql, role: "viewer" });

      const context = await browser.newContext({ ...DEVICES.desktop, bypassCSP: true });
      await context.addCookies(viewer.cookies);
      const page = await context.newPage();
      const media: string[] = [];
      page.on("request", (r) => {
        if (/\.(m3u8|m4s)/.test(r.url())) media.push(r.url());
      });
      await page.goto(`${base}/v/${videoId}`);
      await page.waitForSelector("html[data-hydrated='true']");
      assert.equal(await page.locator("video").count(), 0, "no player for a free viewer");
      await page.getByText("This video is for premium members.").waitFor();
      assert.deepEqual(media, [], "not a byte of media was asked for");

      await page.click(".premium-locked a:has-text('Go premium')");
      await page.waitForURL(`${base}/pricing`);
      await page.click("button:has-text('Go premium') >> nth=0");
      // The form's answer moves on to Stripe Checkout (the stand-in's page).
      await page.waitForURL(new RegExp(`^${standin.url}/checkout/cs_test_`));
      const sessionId = new URL(page.url()).pathname.split("/").at(-1)!;
      for (const event of standin.completeCheckout(sessionId)) {
        const { body, signature } = await signedEvent(event, {
          secret: PREMIUM_ENV.STRIPE_WEBHOOK_SECRET,
        });
        const r = await fetch(`${base}/api/v1/billing/webhook`, {
          method: "POST",
          headers: { "content-type": "application/json", "stripe-signature": signature },
          body,
        });
        assert.equal(r.status, 200, await r.text());
      }
      await page.goto(`${base}/account/premium?checkout=done`);
      await page.getByText("Renews").waitFor();
      assert.match(await page.locator(".premium-facts").innerText(), /Premium[\s\S]*Active/);

      await page.goto(`${base}/v/${videoId}`);
      await page.waitForSelector("html[data-hydrated='true']");
      await page.click(".player-big-play");
      await page.waitForFunction(() => document.querySelector("video")!.currentTime > 1, null, {
        timeout: 30_000,
      });
      assert.ok(media.some((u) => /\.m4s\?token=/.test(u)), "segments came with a token");
      await context.close();

      const anonymous: PageShot["cookies"] = [];
      const pages = {
        locked: { cookies: anonymous, path: `/v/${videoId}` },
        pricing: { cookies: anonymous, path: "/pricing" },
        account: { cookies: viewer.cookies, path: "/account/premium" },
        studio: { cookies: creator.cookies, path: `/studio/videos/${videoId}` },
        monetization: { cookies: creator.cookies, path: "/studio/monetization" },
      };
      const problems = await shootPages(browser, base, {
        prefix: "premium",
        pages,
        ready: "html[data-hydrated='true']",
      });
      assert.deepEqual(problems, []);
    } finally {
      await close();
      await standin.close();
    }
  },
});
