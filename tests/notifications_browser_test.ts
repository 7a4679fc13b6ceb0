/**
 * The bell in Chromium: its count arrives over the tab's live stream and
 * changes without a reload when a notification is made; the list page marks
 * them read; keyboard reachable; axe clean.
 */
import assert from "node:assert/strict";
import { seriousAxeProblems } from "./_harness/axe.ts";
import { artifactPath } from "./_harness/browser.ts";
import { DEVICES, openBrowserApp } from "./_harness/browser_app.ts";
import { GOOD_PASSWORD, testEmail } from "./_harness/client.ts";
import { notify } from "../lib/notifications/notify.ts";

Deno.test({
  name: "notifications: the bell counts live, the page lists and clears them",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const { services, browser, base, close } = await openBrowserApp();
    try {
      const sql = services.db.sql;
      const context = await browser.newContext({ ...DEVICES.desktop, bypassCSP: true });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      const email = testEmail("bell");
      await page.goto(`${base}/signup`);
      await page.fill("#f-email", email);
      await page.fill("#f-displayName", "Bell Ringer");
      await page.fill("#f-password", GOOD_PASSWORD);
      await page.click("button[type=submit]:has-text('Sign up')");
      // Sign-up signs nobody in (it answers alike for taken addresses): sign in next.
      await page.waitForURL(`${base}/signin?signed_up=1`);
      await page.fill("#f-email", email);
      await page.fill("#f-password", GOOD_PASSWORD);
      await page.click("button[type=submit]:has-text('Sign in')");
      await page.waitForURL(`${base}/`);
      await page.waitForSelector("html[data-hydrated='true']");
      const [{ id: userId }] = await sql<
        { id: string }[]
      >`select id from users where email = ${email}`;
      const bell = page.locator("a.bell");
      assert.equal(await bell.getAttribute("aria-label"), "Notifications");
      assert.equal(await page.locator(".bell-count").count(), 0);

      await notify(sql, userId, { kind: "new_video", data: { title: "Fresh" } });
      await notify(sql, userId, {
        kind: "video_comment",
        data: { title: "Mine", excerpt: "Nice!" },
      });
      await page.waitForSelector(".bell-count:has-text('2')", { timeout: 15_000 });
      assert.equal(await bell.getAttribute("aria-label"), "Notifications, 2 unread");
      assert.match(
        await page.locator(".bell-wrap [aria-live]").innerText(),
        /2 unread notifications/,
      );

      // Reachable by keyboard: Tab until the bell has focus, Enter opens the list.
      let focused = "";
      for (let i = 0; i < 15 && focused !== "bell"; i++) {
        await page.keyboard.press("Tab");
        focused = await page.evaluate(() => document.activeElement?.className ?? "");
      }
      assert.equal(focused, "bell");
      await page.keyboard.press("Enter");
      await page.waitForURL(`${base}/notifications`);
      await page.waitForSelector("html[data-hydrated='true']");
      assert.equal(await page.locator(".notification.unread").count(), 2);
      assert.match(
        await page.locator(".notification-list").innerText(),
        /commented on “Mine”: Nice!/,
      );
      await page.screenshot({ path: await artifactPath("notifications-list-desktop.png") });
      assert.deepEqual(await seriousAxeProblems(page), []);
      // They were read by being shown: the bell empties once the stream says so.
      await page.goto(`${base}/`);
      await page.waitForSelector("html[data-hydrated='true']");
      await page.waitForFunction(() =>
        document.querySelector("a.bell")?.getAttribute("aria-label") === "Notifications"
      );
      assert.equal(await page.locator(".bell-count").count(), 0);
      assert.deepEqual(errors, []);
      const cookies = await context.cookies();
      await context.close();

      // The account menu, open, on each device and scheme.
      const problems: string[] = [];
      for (const [device, options] of Object.entries(DEVICES)) {
        for (const colorScheme of ["light", "dark"] as const) {
          const ctx = await browser.newContext({ ...options, colorScheme, bypassCSP: true });
          await ctx.addCookies(cookies);
          const p = await ctx.newPage();
          await p.goto(`${base}/`);
          await p.waitForSelector("html[data-hydrated='true']");
          await p.click("summary.nav-user");
          assert.ok(await p.locator(".menu-panel a[href='/settings']").isVisible());
          await p.screenshot({
            path: await artifactPath(`notifications-menu-${device}-${colorScheme}.png`),
          });
          problems.push(...(await seriousAxeProblems(p)).map((x) => `${device} ${x.id}`));
          await ctx.close();
        }
      }
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  },
});
