/**
 * Chapters and page-wide shortcuts in Chromium: the duration and chapter
 * marks before playing, a chapter link seeking in place, the slider's spoken
 * value naming the chapter, and keys working from the page but not while
 * typing in the search box.
 */
import assert from "node:assert/strict";
import { seriousAxeProblems } from "./_harness/axe.ts";
import { artifactPath } from "./_harness/browser.ts";
import { DEVICES, openBrowserApp } from "./_harness/browser_app.ts";
import { readyPublicVideo } from "./_harness/videos.ts";

Deno.test({
  name: "chapters: marks and a list from the description; shortcuts work from the page",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const { services, browser, base, close } = await openBrowserApp();
    try {
      const id = await readyPublicVideo(
        { sql: services.db.sql, storage: services.storage, dir: services.dir },
        { width: 320, height: 180, durationS: 32 },
      );
      await services.db.sql`update videos set title = 'Chaptered',
        description = ${"A tour.\n\n0:00 Start\n0:10 Middle part\n0:20 The end\n"}
        where id = ${id}`;
      const context = await browser.newContext({ ...DEVICES.desktop, bypassCSP: true });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(`${base}/v/${id}`);
      await page.waitForSelector("html[data-hydrated='true']");
      // Before playing: the duration, two marks between three chapters, the list.
      assert.match(await page.locator(".player-time").innerText(), /0:00 \/ 0:3[12]/);
      assert.equal(await page.locator(".player-chapter-mark").count(), 2);
      assert.deepEqual(await page.locator(".chapters a").allTextContents(), [
        "0:00 Start",
        "0:10 Middle part",
        "0:20 The end",
      ]);
      await page.screenshot({ path: await artifactPath("chapters-before-play.png") });
      assert.deepEqual(await seriousAxeProblems(page), []);

      // "k" with nothing focused plays: the page's keys reach the player.
      await page.keyboard.press("k");
      await page.waitForFunction(
        () => (document.querySelector("video")?.currentTime ?? 0) > 0.5,
        null,
        {
          timeout: 20_000,
        },
      );
      // A chapter link seeks in place (no navigation).
      const url = page.url();
      await page.click(".chapters a:has-text('Middle part')");
      await page.waitForFunction(
        () => (document.querySelector("video")?.currentTime ?? 0) >= 10,
        null,
        {
          timeout: 20_000,
        },
      );
      assert.equal(page.url(), url);
      const valuetext = await page.locator(".player-seek").getAttribute("aria-valuetext");
      assert.match(valuetext!, /^\d+ seconds? of 3\d seconds, chapter: Middle part$/);
      // Typing in the search box is typing: "j" does not seek back.
      await page.click("input[role=combobox]");
      const before = await page.evaluate(() => document.querySelector("video")!.currentTime);
      await page.keyboard.type("jjj");
      const after = await page.evaluate(() => document.querySelector("video")!.currentTime);
      assert.ok(after >= before, `typing moved the video from ${before} to ${after}`);
      assert.equal(await page.inputValue("input[role=combobox]"), "jjj");
      // From the page again, "j" goes back 10 s.
      await page.locator("h1.watch-title").click();
      await page.keyboard.press("j");
      await page.waitForFunction(
        (t) => document.querySelector("video")!.currentTime < t - 5,
        after,
        {
          timeout: 5_000,
        },
      );
      // The seek bar is reachable with Tab and answers the arrow keys.
      await page.focus(".player-seek");
      const t0 = await page.evaluate(() => document.querySelector("video")!.currentTime);
      await page.keyboard.press("ArrowRight");
      await page.waitForFunction((t) => document.querySelector("video")!.currentTime > t + 3, t0, {
        timeout: 5_000,
      });
      await page.screenshot({ path: await artifactPath("chapters-playing.png") });
      assert.deepEqual(errors, []);
      await context.close();
    } finally {
      await close();
    }
  },
});
