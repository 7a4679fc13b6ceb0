/**
 * The player's controls in Chromium: the volume slider, a remembered quality,
 * theatre mode, controls hiding while playing and coming back on movement,
 * the phone's "More" panel and double tap, a portrait video's shape, and a
 * clear error with a working retry when hls.js cannot load.
 */
import assert from "node:assert/strict";
import { seriousAxeProblems } from "./_harness/axe.ts";
import { artifactPath } from "./_harness/browser.ts";
import { DEVICES, openBrowserApp } from "./_harness/browser_app.ts";
import { readyPublicVideo } from "./_harness/videos.ts";

const played = (t: number) => `(document.querySelector("video")?.currentTime ?? 0) > ${t}`;

Deno.test({
  name: "player: volume, remembered quality, theatre, auto-hide, phone panel, portrait, retry",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const { services, browser, base, close } = await openBrowserApp();
    try {
      const deps = { sql: services.db.sql, storage: services.storage, dir: services.dir };
      const wide = await readyPublicVideo(deps, { width: 640, height: 360, durationS: 20 });
      const tall = await readyPublicVideo(deps, { width: 180, height: 320, durationS: 4 });
      const desktop = await browser.newContext({ ...DEVICES.desktop, bypassCSP: true });
      const page = await desktop.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      // The player's code (hls.js) is fetched while the page is idle, before anyone clicks play.
      const hlsFetched = page.waitForRequest((r) => /\/_vendor\/hls/.test(r.url()), {
        timeout: 15_000,
      });
      await page.goto(`${base}/v/${wide}`);
      await page.waitForSelector("html[data-hydrated='true']");
      await hlsFetched;
      assert.equal(
        await page.evaluate(() => document.querySelector("video")!.currentSrc),
        "",
        "nothing played yet",
      );
      await page.click(".player-big-play");
      await page.waitForFunction(played(0.5), null, { timeout: 20_000 });

      // Volume: the slider sets it, and it is remembered.
      await page.locator(".player-volume").fill("0.3");
      assert.equal(await page.evaluate(() => document.querySelector("video")!.volume), 0.3);
      // Quality: a manual choice is remembered for the next video page.
      await page.selectOption(".player-quality", { label: "240p" });
      assert.equal(await page.evaluate(() => localStorage.getItem("vf-quality")), "240");
      // Theatre: the layout widens, and stays so on the next page.
      await page.click("button[aria-label='Theatre mode']");
      assert.equal(await page.locator(".watch-layout.theatre").count(), 1);
      assert.equal(
        await page.locator("button[aria-label='Theatre mode']").getAttribute("aria-pressed"),
        "true",
      );
      // Untouched while playing, the controls hide; moving the mouse brings them back.
      await page.mouse.move(5, 5);
      await page.waitForSelector(".player[data-idle='true']", { timeout: 6_000 });
      // Hidden once the fade ends.
      await page.waitForFunction(() =>
        getComputedStyle(document.querySelector(".player-controls")!).opacity === "0"
      );
      await page.locator(".player video").hover();
      await page.waitForSelector(".player:not([data-idle])", { timeout: 2_000 });
      await page.screenshot({ path: await artifactPath("player-theatre-desktop.png") });

      await page.goto(`${base}/v/${wide}`);
      await page.waitForSelector("html[data-hydrated='true']");
      assert.equal(await page.locator(".watch-layout.theatre").count(), 1, "theatre remembered");
      await page.click(".player-big-play");
      await page.waitForFunction(
        () => document.querySelectorAll(".player-quality option").length > 1,
        null,
        {
          timeout: 20_000,
        },
      );
      assert.equal(
        await page.locator(".player-quality option:checked").textContent(),
        "240p",
        "quality remembered",
      );
      assert.equal(await page.evaluate(() => document.querySelector("video")!.volume), 0.3);
      assert.deepEqual(await seriousAxeProblems(page), []);
      assert.deepEqual(errors, []);
      await desktop.close();

      // A phone: the seek bar has the width; time and speed are in "More"; double tap seeks.
      const phone = await browser.newContext({ ...DEVICES.phone, bypassCSP: true });
      const p = await phone.newPage();
      await p.goto(`${base}/v/${wide}`);
      await p.waitForSelector("html[data-hydrated='true']");
      assert.equal(await p.locator(".player-controls .player-speed").isVisible(), false);
      await p.tap(".player-big-play");
      await p.waitForFunction(played(0.5), null, { timeout: 20_000 });
      await p.tap("button[aria-label='More settings']");
      assert.ok(await p.locator(".player-more .player-speed").isVisible());
      assert.match(await p.locator(".player-more .player-time").innerText(), /\d:\d\d \/ 0:2\d/);
      await p.screenshot({ path: await artifactPath("player-more-phone.png") });
      await p.tap("button[aria-label='More settings']");
      assert.equal(await p.locator(".player-more").count(), 0);
      const box = (await p.locator(".player video").boundingBox())!;
      const before = await p.evaluate(() => document.querySelector("video")!.currentTime);
      await p.touchscreen.tap(box.x + box.width * 0.9, box.y + box.height / 2);
      await p.touchscreen.tap(box.x + box.width * 0.9, box.y + box.height / 2);
      await p.waitForFunction((t) => document.querySelector("video")!.currentTime > t + 8, before, {
        timeout: 5_000,
      });
      // A portrait video is taller than wide on the phone, not pillarboxed in 16:9.
      await p.goto(`${base}/v/${tall}`);
      await p.waitForSelector("html[data-hydrated='true']");
      const shape = (await p.locator(".player").boundingBox())!;
      assert.ok(shape.height > shape.width * 1.5, `portrait player ${shape.width}×${shape.height}`);
      await p.screenshot({ path: await artifactPath("player-portrait-phone.png") });
      await phone.close();

      // hls.js cannot load: a sentence and a retry that works once it can.
      const flaky = await browser.newContext({ ...DEVICES.desktop, bypassCSP: true });
      const f = await flaky.newPage();
      let block = true;
      await f.route("**/_vendor/**", (route) => block ? route.abort() : route.continue());
      await f.goto(`${base}/v/${wide}`);
      await f.waitForSelector("html[data-hydrated='true']");
      await f.click(".player-big-play");
      await f.waitForSelector(".player-error:has-text('could not be loaded')");
      await f.screenshot({ path: await artifactPath("player-error-desktop.png") });
      block = false;
      await f.click(".player-error button:has-text('Try again')");
      await f.waitForFunction(played(0.5), null, { timeout: 20_000 });
      assert.equal(await f.locator(".player-error").count(), 0);
      await flaky.close();
    } finally {
      await close();
    }
  },
});
