/** A processed video plays in Chromium through the Player island: frames advance and quality switches. */
import assert from "node:assert/strict";
import { artifactPath } from "./_harness/browser.ts";
import { openBrowserApp } from "./_harness/browser_app.ts";
import { readyPublicVideo } from "./_harness/videos.ts";

Deno.test({
  name: "watch page: the Player plays a processed video, time advances, and quality switches",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const { services, browser, base, close } = await openBrowserApp();
    try {
      const id = await readyPublicVideo(
        { sql: services.db.sql, storage: services.storage, dir: services.dir },
        { width: 640, height: 360, durationS: 8 },
      );
      await services.db.sql`update videos set title = 'Test pattern' where id = ${id}`;
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(`${base}/v/${id}`);
      await page.waitForSelector("html[data-hydrated='true']");
      assert.equal(await page.locator("h1.watch-title").textContent(), "Test pattern");
      await page.click(".player-big-play");
      await page.waitForFunction(
        () => (document.querySelector("video")?.currentTime ?? 0) > 1,
        null,
        {
          timeout: 20_000,
        },
      );
      const options = await page.locator(".player-quality option").allTextContents();
      assert.deepEqual(options.slice(0, 1), ["Auto"]);
      assert.ok(options.includes("240p") && options.includes("360p"), options.join(","));
      const top = String(options.length - 2);
      await page.selectOption(".player-quality", top);
      await page.waitForFunction(
        (l) => document.querySelector<HTMLElement>(".player")?.dataset.level === l,
        top,
        {
          timeout: 20_000,
        },
      );
      const before = await page.evaluate(() => document.querySelector("video")!.currentTime);
      await page.waitForFunction(
        (t) => document.querySelector("video")!.currentTime > t + 0.5,
        before,
        {
          timeout: 20_000,
        },
      );
      const shot = await artifactPath("watch-playing.png");
      await page.screenshot({ path: shot });
      console.log(`screenshot: ${shot}`);
      assert.deepEqual(errors, []);
      assert.equal(await page.locator(".player-error").count(), 0);
    } finally {
      await close();
    }
  },
});
