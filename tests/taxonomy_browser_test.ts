/**
 * In Chromium: the studio's tag chips (keyboard and mouse, and the plain field
 * without JavaScript) and the home page's shelves, which scroll sideways on a
 * phone and by keyboard. Screenshots go to tests/artifacts/taxonomy-*.png;
 * axe-core checks every page for serious problems.
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { createApp } from "../app.ts";
import { buildIslands } from "../lib/islands/build.ts";
import { seriousAxeProblems } from "./_harness/axe.ts";
import { artifactPath, launchBrowser } from "./_harness/browser.ts";
import { GOOD_PASSWORD, testEmail } from "./_harness/client.ts";
import { addUser, addVideo } from "./_harness/search_catalog.ts";
import { openTestServices } from "./_harness/services.ts";
import { DEVICES } from "./_harness/browser_app.ts";

async function signUpInBrowser(browser: Browser, base: string) {
  const email = testEmail("chips");
  const setup = await browser.newContext();
  const page = await setup.newPage();
  await page.goto(`${base}/signup`);
  await page.fill("#f-email", email);
  await page.fill("#f-displayName", "Chip Tester");
  await page.fill("#f-password", GOOD_PASSWORD);
  await page.click("button[type=submit]:has-text('Sign up')");
  // Sign-up signs nobody in (it answers alike for taken addresses): sign in next.
  await page.waitForURL(`${base}/signin?signed_up=1`);
  await page.fill("#f-email", email);
  await page.fill("#f-password", GOOD_PASSWORD);
  await page.click("button[type=submit]:has-text('Sign in')");
  await page.waitForURL(`${base}/`);
  const cookies = await setup.cookies();
  await setup.close();
  return { email, cookies };
}

const chips = (page: Page) => page.locator(".tag-chip span").allTextContents();

Deno.test({
  name: "tag chips in the studio and sideways home shelves on a phone, with axe and screenshots",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const services = await openTestServices();
    const browser = await launchBrowser();
    let server: Deno.HttpServer<Deno.NetAddr> | undefined;
    try {
      const sql = services.db.sql;
      const islands = await buildIslands(new URL("../islands/", import.meta.url), {
        outDir: `${services.dir}/islands`,
      });
      server = Deno.serve(
        { hostname: "127.0.0.1", port: 0, onListen() {} },
        createApp(services, { islands }).fetch,
      );
      const base = `http://127.0.0.1:${server.addr.port}`;
      // The catalogue first: the home page keeps its trending ranking for a minute.
      const creator = await addUser(sql, "Shelf Creator");
      const categories = ["gaming", "music"];
      for (let i = 0; i < 12; i++) {
        const id = await addVideo(sql, creator, {
          title: `Video number ${i + 1}`,
          category: categories[i % 2],
          viewCount: i * 3,
          publishedAgo: `${i + 1} hours`,
        });
        await sql`insert into video_view_events (video_id, at)
          select ${id}, now() - ${`${i} hours`}::interval from generate_series(1, ${i + 1})`;
      }
      const { email, cookies } = await signUpInBrowser(browser, base);
      const [{ id: userId }] = await sql<{ id: string }[]>`
        select id from users where email = ${email}`;
      await sql`update users set role = 'creator' where id = ${userId}`;
      const mine = await addVideo(sql, userId, { title: "Chips", tags: ["sea", "walk"] });
      const problems: string[] = [];
      const check = async (page: Page, label: string) => {
        await page.screenshot({
          path: await artifactPath(`taxonomy-${label}.png`),
          fullPage: true,
        });
        for (const p of await seriousAxeProblems(page)) {
          problems.push(`${label}: ${p.id} (${p.impact}) ${p.help} at ${p.targets.join(", ")}`);
        }
      };

      for (const [device, options] of Object.entries(DEVICES)) {
        for (const colorScheme of ["light", "dark"] as const) {
          const context = await browser.newContext({ ...options, colorScheme, bypassCSP: true });
          await context.addCookies(cookies);
          const page = await context.newPage();
          page.on("pageerror", (e) => problems.push(`${device} ${colorScheme}: ${e.message}`));

          await page.goto(`${base}/`);
          await page.waitForSelector("html[data-hydrated='true']");
          assert.equal(await page.locator("#shelf-trending").textContent(), "Trending");
          await check(page, `home-${device}-${colorScheme}`);
          const row = page.locator('.shelf-row[aria-labelledby="shelf-newest"]');
          const layout = await row.evaluate((el) => ({
            snap: getComputedStyle(el).scrollSnapType,
            overflow: el.scrollWidth - el.clientWidth,
            page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          }));
          if (device === "phone") {
            assert.match(layout.snap, /^x mandatory/);
            assert.ok(layout.overflow > 100, `the shelf scrolls sideways (${layout.overflow})`);
            assert.ok(layout.page <= 1, `the page itself is not wider than the phone`);
            // Keyboard: the strip is focusable, and the arrow keys scroll it.
            await row.focus();
            await page.keyboard.press("ArrowRight");
            await page.keyboard.press("End");
            await page.waitForFunction(
              (el) => (el as HTMLElement).scrollLeft > 0,
              await row.elementHandle(),
            );
          } else {
            assert.equal(layout.overflow, 0, "on a desktop the shelf is a grid");
          }

          await page.goto(`${base}/studio/videos/${mine}`);
          await page.waitForSelector("html[data-hydrated='true']");
          await page.waitForSelector(".tag-chip");
          assert.deepEqual(await chips(page), ["#sea", "#walk"]);
          const input = page.getByRole("textbox", { name: /^Tags/ });
          await input.fill("Café");
          await input.press("Enter");
          await input.type("Two Words,");
          assert.deepEqual(await chips(page), ["#sea", "#walk", "#cafe", "#two-words"]);
          await input.press("Backspace"); // the box is empty: the last chip goes
          assert.deepEqual(await chips(page), ["#sea", "#walk", "#cafe"]);
          await page.getByRole("button", { name: "Remove tag sea" }).click();
          assert.deepEqual(await chips(page), ["#walk", "#cafe"]);
          assert.equal(await page.getByRole("status").filter({ hasText: "Removed" }).count(), 1);
          await check(page, `chips-${device}-${colorScheme}`);
          // Saving posts the chips as the comma-separated field.
          await page.click("button[type=submit]:has-text('Save')");
          await page.waitForURL(/saved=1/);
          const [row2] = await sql`select tags from videos where id = ${mine}`;
          assert.deepEqual(row2.tags, ["walk", "cafe"]);
          await sql`update videos set tags = ${["sea", "walk"]} where id = ${mine}`;
          await context.close();
        }
      }

      // Without JavaScript the plain comma-separated field is there and saves.
      const plain = await browser.newContext({ javaScriptEnabled: false });
      await plain.addCookies(cookies);
      const page = await plain.newPage();
      await page.goto(`${base}/studio/videos/${mine}`);
      assert.equal(await page.locator("input[name=tags]").inputValue(), "sea, walk");
      await page.fill("input[name=tags]", "Sea, Shore Line");
      await page.click("button[type=submit]:has-text('Save')");
      await page.waitForURL(/saved=1/);
      const [saved] = await sql`select tags from videos where id = ${mine}`;
      assert.deepEqual(saved.tags, ["sea", "shore-line"]);
      await plain.close();

      assert.deepEqual(problems, []);
    } finally {
      await browser.close();
      await server?.shutdown();
      await services.close();
    }
  },
});
