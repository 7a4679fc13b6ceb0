/**
 * Likes and follows in Chromium: a viewer signs up, likes a video (the count
 * changes without a reload, with the mouse and with the keyboard), follows the
 * creator from the watch page and finds the video in /feed. Then the watch
 * page, /feed (with and without follows), /liked and the channel page are
 * screenshotted desktop and phone, light and dark, into
 * tests/artifacts/social-*.png, and checked with axe.
 */
import assert from "node:assert/strict";
import type { BrowserContext, Page } from "playwright-core";
import { pageProblems } from "./_harness/axe.ts";
import { artifactPath } from "./_harness/browser.ts";
import { DEVICES, openBrowserApp, signUpInBrowser } from "./_harness/browser_app.ts";
import { testEmail } from "./_harness/client.ts";
import { readyPublicVideo } from "./_harness/videos.ts";

async function signUp(context: BrowserContext, base: string, name: string): Promise<Page> {
  const page = await context.newPage();
  await signUpInBrowser(page, base, { email: testEmail("social"), name: name });
  return page;
}

Deno.test({
  name:
    "social: like without a reload, follow from the watch page, the video in /feed; screenshots and axe",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const { services, browser, base, close } = await openBrowserApp();
    try {
      const sql = services.db.sql;
      const videoId = await readyPublicVideo(
        { sql, storage: services.storage, dir: services.dir },
        { width: 320, height: 180, durationS: 2 },
      );
      const [creator] = await sql<{ id: string }[]>`
        insert into users (email, password_hash, display_name)
        values ('creator@example.test', 'x', 'Cora Creator') returning id`;
      await sql`update videos set owner_id = ${creator.id}, title = 'Harbour at dawn'
        where id = ${videoId}`;

      const context = await browser.newContext();
      const page = await signUp(context, base, "Finn Fan");
      const errors: string[] = [];
      page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
      page.on("pageerror", (e) => errors.push(e.message));

      // Nothing followed yet: the feed suggests the creator.
      await page.goto(`${base}/feed`);
      await page.getByText("Creators to follow").waitFor();
      assert.ok(await page.getByRole("link", { name: "Cora Creator" }).isVisible());

      await page.goto(`${base}/v/${videoId}`);
      await page.waitForSelector("html[data-hydrated='true']", { timeout: 10_000 });
      // A marker that a reload would wipe.
      await page.evaluate(() => Object.assign(globalThis, { __noReload: true }));
      const like = page.locator(".reactions button[name=reaction]").first();
      assert.equal(await like.getAttribute("aria-pressed"), "false");
      await like.click();
      const pressedLike = page.locator("button.reaction-button[aria-pressed='true']");
      await pressedLike.waitFor();
      assert.equal(
        await page.getByRole("button", { name: "Like 1 like", pressed: true }).count(),
        1,
      );
      await page.locator(".reactions [role=status]").filter({ hasText: "Liked. 1 like." })
        .waitFor();

      // By keyboard: focus Dislike and press Space; the like is replaced.
      const dislike = page.locator(".reactions button[name=reaction]").nth(1);
      await dislike.focus();
      await page.keyboard.press("Space");
      await page.locator(".reactions [role=status]").filter({ hasText: "Disliked." }).waitFor();
      assert.equal(await like.getAttribute("aria-pressed"), "false");
      assert.equal(
        await page.getByRole("button", { name: "Like 0 likes", pressed: false }).count(),
        1,
      );
      // And Enter on Like again.
      await like.focus();
      await page.keyboard.press("Enter");
      await page.locator(".reactions [role=status]").filter({ hasText: "Liked. 1 like." })
        .waitFor();
      assert.equal(await like.getAttribute("aria-pressed"), "true");
      assert.equal(
        await page.getByRole("button", { name: "Like 1 like", pressed: true }).count(),
        1,
      );
      const [{ likes }] = await sql<{ likes: number }[]>`
        select like_count as likes from videos where id = ${videoId}`;
      assert.equal(likes, 1);

      // Follow the creator from the watch page.
      const follow = page.locator(".watch-owner .follow-button");
      assert.equal(await follow.getAttribute("aria-pressed"), "false");
      await follow.click();
      await page.locator(".watch-owner .follower-count").filter({ hasText: "1 follower" })
        .waitFor();
      assert.equal(await follow.getAttribute("aria-pressed"), "true");
      assert.equal(
        await page.getByRole("button", { name: "Following Cora Creator", pressed: true }).count(),
        1,
      );
      assert.equal(await page.evaluate(() => "__noReload" in globalThis), true, "no reload");

      await page.getByRole("link", { name: "Following", exact: true }).click();
      await page.waitForURL(`${base}/feed`);
      await page.getByText("Harbour at dawn").first().waitFor();
      assert.deepEqual(errors, []);
      const cookies = await context.cookies();
      await context.close();

      // A second viewer who follows nobody, for the empty feed.
      const loner = await browser.newContext();
      await signUp(loner, base, "Lone Viewer");
      const lonerCookies = await loner.cookies();
      await loner.close();

      const shots: [string, string, typeof cookies][] = [
        ["watch", `/v/${videoId}`, cookies],
        ["feed", "/feed", cookies],
        ["feed-empty", "/feed", lonerCookies],
        ["liked", "/liked", cookies],
        ["channel", `/u/${creator.id}`, cookies],
        ["watch-anonymous", `/v/${videoId}`, []],
      ];
      const problems: string[] = [];
      for (const [device, options] of Object.entries(DEVICES)) {
        for (const colorScheme of ["light", "dark"] as const) {
          for (const [name, path, jar] of shots) {
            const ctx = await browser.newContext({ ...options, colorScheme, bypassCSP: true });
            await ctx.addCookies(jar);
            const p = await ctx.newPage();
            const res = await p.goto(base + path);
            assert.equal(res?.status(), 200, path);
            await p.waitForSelector("html[data-hydrated='true']", { timeout: 10_000 });
            const label = `${name}-${device}-${colorScheme}`;
            await p.screenshot({ path: await artifactPath(`social-${label}.png`), fullPage: true });
            problems.push(...await pageProblems(p, label, { phone: device === "phone" }));
            await ctx.close();
          }
        }
      }
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  },
});
