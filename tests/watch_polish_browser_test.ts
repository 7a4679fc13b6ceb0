/**
 * In Chromium: premium-only videos carry a "Premium" badge on their cards, in
 * search results, in next up and on the watch page (premium configured; none on free videos),
 * and /pricing shows the plans' prices; a video's chat sits under the player
 * on a phone (before the description and comments) and folds away, and in
 * the side column above next up on a desktop; /admin/users has the tier
 * column. Screenshots desktop and phone,
 * light and dark (tests/artifacts/polish-*.png), axe and phone overflow.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { openChatRoom } from "../lib/chat/mod.ts";
import { DEVICES, memberWithRole, openBrowserApp, shootPages } from "./_harness/browser_app.ts";
import { addPlayableVideo } from "./_harness/community.ts";
import { PREMIUM_ENV, setPremiumPrices } from "./_harness/premium.ts";
import { startStripeStandin } from "./_harness/stripe_standin.ts";
import { readyPublicVideo } from "./_harness/videos.ts";

type Box = { x: number; y: number; width: number; height: number };
const box = async (page: Page, selector: string): Promise<Box> => {
  const b = await page.locator(selector).first().boundingBox();
  assert.ok(b, `${selector} is shown`);
  return b;
};

Deno.test({
  name: "premium badges, prices, and the watch page's chat placement (phone and desktop)",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const standin = startStripeStandin();
    setPremiumPrices(standin);
    const { services, browser, base, close } = await openBrowserApp({
      env: { ...PREMIUM_ENV, STRIPE_API_BASE: standin.url },
    });
    try {
      const sql = services.db.sql;
      const deps = { sql, storage: services.storage, dir: services.dir };
      const creator = await memberWithRole(browser, base, { sql, role: "creator" });
      const clip = { width: 320, height: 180, durationS: 4 };
      const premiumId = await readyPublicVideo(deps, clip);
      const liveId = await readyPublicVideo(deps, clip);
      await sql`update videos set owner_id = ${creator.id}, title = 'Members-only colour bars',
        description = 'For members.', premium = true where id = ${premiumId}`;
      await sql`update videos set owner_id = ${creator.id}, title = 'Night market live',
        description = 'Walking through the stalls.' where id = ${liveId}`;
      const freeId = await addPlayableVideo(sql, creator.id, { title: "A free walk" });
      await openChatRoom(sql, liveId);
      const viewer = await memberWithRole(browser, base, { sql, role: "viewer" });
      const admin = await memberWithRole(browser, base, { sql, role: "admin" });
      await sql`update users set tier = 'creator' where id = ${creator.id}`;
      for (
        const [who, body] of [[viewer.id, "Those dumplings look great"], [
          creator.id,
          "Welcome! Next stall is the noodle bar",
        ], [viewer.id, "How late is it open?"]]
      ) {
        await sql`insert into chat_messages (video_id, author_id, body) values (${liveId}, ${who}, ${body})`;
      }

      // Badges: on the premium video's card and page, in next up; never on a free one.
      const ctx = await browser.newContext({ ...DEVICES.desktop, bypassCSP: true });
      const page = await ctx.newPage();
      await page.goto(`${base}/`);
      const card = (title: string) => page.locator(".video-card", { hasText: title });
      assert.equal(await card("Members-only").locator(".premium-badge").innerText(), "Premium");
      assert.equal(await card("A free walk").locator(".premium-badge").count(), 0);
      await page.goto(`${base}/v/${premiumId}`);
      assert.equal(await page.locator(".watch-meta .premium-badge").innerText(), "Premium");
      await page.goto(`${base}/v/${freeId}`);
      assert.equal(await page.locator(".watch-meta .premium-badge").count(), 0);
      const next = page.locator(".next-up-item", { hasText: "Members-only" });
      assert.equal(await next.locator(".premium-badge").innerText(), "Premium");
      await page.goto(`${base}/search?q=colour+bars`);
      const hit = page.locator(".search-result", { hasText: "Members-only" });
      assert.equal(await hit.locator(".premium-badge").innerText(), "Premium");
      await page.goto(`${base}/search?q=walk`);
      const free = page.locator(".search-result", { hasText: "free walk" });
      assert.equal(await free.count(), 1);
      assert.equal(await free.locator(".premium-badge").count(), 0);
      await page.goto(`${base}/pricing`);
      assert.match(await page.locator(".premium-plans").innerText(), /\$9\.99 per month/);

      // Desktop: the chat is the side column's top, next up below it, beside the player.
      await page.goto(`${base}/v/${liveId}`);
      await page.waitForSelector("html[data-hydrated='true']");
      await page.locator(".live-chat[data-status='open']").waitFor({ timeout: 15_000 });
      let player = await box(page, ".player");
      let chat = await box(page, ".watch-chat");
      const nextUp = await box(page, "#next-up-title");
      assert.ok(chat.x >= player.x + player.width, "beside the player");
      assert.ok(Math.abs(chat.y - player.y) < 2, "level with the player's top");
      assert.ok(
        nextUp.y + 1 >= chat.y + chat.height,
        `next up (${nextUp.y}) below the chat (${chat.y + chat.height})`,
      );
      // Theatre mode is one column: the chat goes back under the player.
      await page.hover(".player");
      await page.getByRole("button", { name: "Theatre mode" }).click();
      await page.waitForSelector(".watch-layout.theatre");
      player = await box(page, ".player");
      chat = await box(page, ".watch-chat");
      assert.ok(chat.y >= player.y + player.height, "theatre: under the player");
      assert.ok(chat.y < (await box(page, ".watch-title")).y, "theatre: before the title");
      await page.getByRole("button", { name: "Theatre mode" }).click();
      await ctx.close();

      // Phone: under the player, before the title, description and comments; it folds away.
      const phone = await browser.newContext({ ...DEVICES.phone, bypassCSP: true });
      const p = await phone.newPage();
      await p.goto(`${base}/v/${liveId}`);
      await p.waitForSelector("html[data-hydrated='true']");
      await p.locator(".live-chat[data-status='open']").waitFor({ timeout: 15_000 });
      player = await box(p, ".player");
      chat = await box(p, ".watch-chat");
      const title = await box(p, ".watch-title");
      const comments = await box(p, "#comments");
      assert.ok(chat.y >= player.y + player.height, "below the player");
      assert.ok(chat.y - (player.y + player.height) < 40, "directly below");
      assert.ok(chat.y + chat.height <= title.y, "before the title");
      assert.ok(title.y < comments.y);
      assert.ok(await p.locator(".chat-list").isVisible());
      await p.locator(".watch-chat-summary").click();
      assert.equal(await p.locator(".chat-list").isVisible(), false, "folded");
      assert.ok((await box(p, ".watch-title")).y < title.y, "the page moved up");
      await p.keyboard.press("Enter");
      assert.ok(await p.locator(".chat-list").isVisible(), "unfolded from the keyboard");
      await phone.close();

      const problems = await shootPages(browser, base, {
        prefix: "polish",
        pages: {
          home: { cookies: [], path: "/" },
          latest: { cookies: [], path: "/latest" },
          search: { cookies: [], path: "/search?q=colour+bars" },
          "premium-watch": { cookies: [], path: `/v/${premiumId}` },
          "free-watch": { cookies: viewer.cookies, path: `/v/${freeId}` },
          "live-watch": { cookies: viewer.cookies, path: `/v/${liveId}` },
          pricing: { cookies: viewer.cookies, path: "/pricing" },
          "admin-users": { cookies: admin.cookies, path: "/admin/users" },
        },
        ready: "html[data-hydrated='true']",
      });
      assert.deepEqual(problems, []);
    } finally {
      await close();
      await standin.close();
    }
  },
});
