/**
 * Playlists and history in Chromium: save to Watch later from the watch page,
 * reorder on /p/:id (keyboard and drag and drop), play the list through to
 * the next video, /history with progress; screenshots of /p/:id, /playlists,
 * /history and the open Save menu, desktop and phone, light and dark, with axe.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { pageProblems } from "./_harness/axe.ts";
import { artifactPath } from "./_harness/browser.ts";
import { DEVICES, openBrowserApp, signUpInBrowser } from "./_harness/browser_app.ts";
import { testEmail } from "./_harness/client.ts";
import { readyPublicVideo } from "./_harness/videos.ts";

async function order(page: Page, id: string): Promise<string[]> {
  return await page.evaluate(async (id) => {
    const r = await fetch(`/api/v1/playlists/${id}/items`);
    return (await r.json()).items.map((i: { title: string }) => i.title);
  }, id);
}

async function saveToWatchLater(page: Page, base: string, videoId: string) {
  await page.goto(`${base}/v/${videoId}`);
  await page.waitForSelector("html[data-hydrated='true']");
  const save = page.getByRole("button", { name: "Save", exact: true });
  await save.click();
  const box = page.getByRole("checkbox", { name: /Watch later/ });
  await box.waitFor();
  // The menu is keyboard-usable: focus moved into it; Space ticks the box.
  assert.equal(await box.evaluate((el) => el === document.activeElement), true);
  await page.keyboard.press("Space");
  await page.getByRole("status").filter({ hasText: "Saved to Watch later." }).waitFor();
  await page.keyboard.press("Escape");
  assert.equal(await save.getAttribute("aria-expanded"), "false");
  assert.equal(await save.evaluate((el) => el === document.activeElement), true);
}

Deno.test({
  name: "playlists in the browser: save, reorder by keyboard and drag, play through, history",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const { services, browser, base, close } = await openBrowserApp();
    try {
      const sql = services.db.sql;
      const deps = { sql, storage: services.storage, dir: services.dir };
      const clip = { width: 320, height: 180, durationS: 2 };
      const one = await readyPublicVideo(deps, clip);
      const two = await readyPublicVideo(deps, clip);
      await sql`update videos set title = 'Clip one' where id = ${one}`;
      await sql`update videos set title = 'Clip two' where id = ${two}`;

      const context = await browser.newContext({ ...DEVICES.desktop, bypassCSP: true });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await signUpInBrowser(page, base, { email: testEmail("lists"), name: "List Keeper" });

      await saveToWatchLater(page, base, one);
      await saveToWatchLater(page, base, two);

      // /playlists → Watch later → /p/:id.
      await page.goto(`${base}/playlists`);
      await page.getByRole("link", { name: "Watch later" }).click();
      await page.waitForURL(/\/p\//);
      await page.waitForSelector("html[data-hydrated='true']");
      const listId = page.url().split("/p/")[1];
      assert.deepEqual(await order(page, listId), ["Clip one", "Clip two"]);

      // Keyboard: focus "Move down", Enter; focus stays on the moved item.
      await page.getByRole("button", { name: "Move down: Clip one" }).focus();
      await page.keyboard.press("Enter");
      await page.getByRole("status").filter({ hasText: "Moved Clip one to position 2 of 2." })
        .waitFor();
      assert.deepEqual(await order(page, listId), ["Clip two", "Clip one"]);
      const focused = await page.evaluate(() => document.activeElement?.getAttribute("aria-label"));
      assert.equal(focused, "Move up: Clip one");
      await page.keyboard.press("Enter");
      await page.getByRole("status").filter({ hasText: "Moved Clip one to position 1 of 2." })
        .waitFor();
      assert.deepEqual(await order(page, listId), ["Clip one", "Clip two"]);
      // Drag and drop.
      await page.dragAndDrop(`li[data-item="${two}"]`, `li[data-item="${one}"]`);
      await page.getByRole("status").filter({ hasText: "Moved Clip two to position 1 of 2." })
        .waitFor();
      assert.deepEqual(await order(page, listId), ["Clip two", "Clip one"]);
      await page.dragAndDrop(`li[data-item="${one}"]`, `li[data-item="${two}"]`);
      await page.getByRole("status").filter({ hasText: "Moved Clip one to position 1 of 2." })
        .waitFor();
      // After a reload the server's order shows.
      await page.reload();
      const shown = await page.locator(".playlist-item-title").allTextContents();
      assert.deepEqual(shown, ["Clip one", "Clip two"]);

      // Play all: the first clip ends and the second opens, still in the list.
      await page.getByRole("link", { name: "Play all" }).click();
      await page.waitForURL(`${base}/v/${one}?list=${listId}`);
      await page.waitForSelector("html[data-hydrated='true']");
      assert.match(
        await page.locator(".playlist-panel-item[aria-current='true']").textContent() ?? "",
        /Clip one/,
      );
      await page.click(".player-big-play");
      await page.waitForURL(`${base}/v/${two}?list=${listId}`, { timeout: 30_000 });
      await page.waitForSelector("html[data-hydrated='true']");
      assert.match(
        await page.locator(".playlist-panel-item[aria-current='true']").textContent() ?? "",
        /Clip two/,
      );

      // /history: the first clip, watched to its end.
      await page.goto(`${base}/history`);
      await page.locator(".history-item").first().waitFor();
      const watched = await page.locator(".history-progress").first().getAttribute("value");
      assert.ok(Number(watched) > 50, `progress ${watched}`);
      assert.match(await page.locator(".history-item").first().textContent() ?? "", /Clip one/);
      assert.deepEqual(errors, []);
      const cookies = await context.cookies();
      await context.close();

      // Screenshots and axe: desktop and phone, light and dark.
      const problems: string[] = [];
      const shots = {
        playlist: `/p/${listId}`,
        playlists: "/playlists",
        history: "/history",
        save: `/v/${one}`,
        "watch-list": `/v/${two}?list=${listId}`,
      };
      for (const [device, options] of Object.entries(DEVICES)) {
        for (const colorScheme of ["light", "dark"] as const) {
          const ctx = await browser.newContext({ ...options, colorScheme, bypassCSP: true });
          await ctx.addCookies(cookies);
          const p = await ctx.newPage();
          p.on("pageerror", (e) => problems.push(`${device} ${colorScheme}: ${e.message}`));
          for (const [name, path] of Object.entries(shots)) {
            const res = await p.goto(base + path);
            assert.equal(res?.status(), 200, path);
            await p.waitForSelector("html[data-hydrated='true']");
            if (name === "save") {
              await p.getByRole("button", { name: "Save", exact: true }).click();
              await p.getByRole("checkbox", { name: /Watch later/ }).waitFor();
              await p.getByRole("button", { name: "New playlist" }).click();
              // The menu stays open with the new playlist's name field focused.
              await p.waitForFunction(() => document.activeElement?.id === "save-menu-new-title");
              assert.ok(await p.locator("#save-menu-panel").isVisible(), `${device} menu open`);
            }
            const label = `${name}-${device}-${colorScheme}`;
            await p.screenshot({ path: await artifactPath(`playlists-${label}.png`) });
            problems.push(...await pageProblems(p, label, { phone: device === "phone" }));
          }
          await ctx.close();
        }
      }
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  },
});
