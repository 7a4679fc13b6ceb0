/**
 * The whole slice in Chromium: a creator signs up, uploads a generated 20 s
 * 720p clip through the Uploader, watches it process, plays it on its watch
 * page (time advances, no errors), switches quality and signs out; a second
 * viewer cannot open it while it is private and can once it is public.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { createApp } from "../../app.ts";
import { buildIslands } from "../../lib/islands/build.ts";
import { hlsModule } from "../../lib/islands/vendor.ts";
import { startWorker } from "../../workers/mod.ts";
import { artifactPath, launchBrowser } from "../_harness/browser.ts";
import { GOOD_PASSWORD, testEmail } from "../_harness/client.ts";
import { makeClip } from "../_harness/clips.ts";
import { freePort } from "../_harness/postgres.ts";
import { openTestServices } from "../_harness/services.ts";

async function signUp(page: Page, base: string, name: string) {
  await page.goto(`${base}/signup`);
  const email = testEmail(name);
  await page.fill("#f-email", email);
  await page.fill("#f-displayName", name);
  await page.fill("#f-password", GOOD_PASSWORD);
  await page.click("button[type=submit]:has-text('Sign up')");
  // Sign-up signs nobody in (it answers alike for taken addresses): sign in next.
  await page.waitForURL(`${base}/signin?signed_up=1`);
  await page.fill("#f-email", email);
  await page.fill("#f-password", GOOD_PASSWORD);
  await page.click("button[type=submit]:has-text('Sign in')");
  await page.waitForURL(`${base}/`);
}

async function playAndCheck(page: Page) {
  await page.waitForSelector("html[data-hydrated='true']");
  await page.evaluate(() => {
    const w = window as unknown as { __videoErrors: string[] };
    w.__videoErrors = [];
    document.querySelector("video")!.addEventListener("error", () => w.__videoErrors.push("error"));
  });
  await page.click(".player-big-play");
  await page.waitForFunction(() => document.querySelector("video")!.currentTime > 1, null, {
    timeout: 30_000,
  });
}

async function shot(page: Page, name: string, shots: string[]) {
  const path = await artifactPath(name);
  await page.screenshot({ path, fullPage: true });
  shots.push(path);
}

Deno.test({
  name:
    "e2e: sign up, upload, process, play, switch quality, sign out; privacy holds for another viewer",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const port = freePort();
    const base = `http://127.0.0.1:${port}`;
    const services = await openTestServices({ publicUrl: base });
    const worker = await startWorker(services);
    const islands = await buildIslands(new URL("../../islands/", import.meta.url), {
      outDir: `${services.dir}/islands`,
    });
    const app = createApp(services, { islands, hls: await hlsModule() });
    const server = Deno.serve({ hostname: "127.0.0.1", port, onListen() {} }, app.fetch);
    const clip = await makeClip(`${services.dir}/holiday.mp4`, {
      width: 1280,
      height: 720,
      durationS: 20,
    });
    const browser = await launchBrowser();
    const shots: string[] = [];
    try {
      const creator = await (await browser.newContext()).newPage();
      const errors: string[] = [];
      creator.on("pageerror", (e) => errors.push(e.message));
      await signUp(creator, base, "Creator");

      await creator.goto(`${base}/upload`);
      await creator.waitForFunction(() => document.documentElement.dataset.hydrated === "true");
      await creator.fill("input[name=title]", "Holiday clip");
      await creator.setInputFiles("input[type=file]", clip);
      await creator.waitForSelector(".upload-progress");
      await shot(creator, "e2e-1-upload.png", shots);
      await creator.waitForURL(/\/studio\/videos\/[0-9a-f-]{36}$/, { timeout: 60_000 });
      const videoId = creator.url().split("/").pop()!;
      await shot(creator, "e2e-2-processing.png", shots);

      // The edit page's live status (server-sent events) offers the video once it can play.
      // "Watch it now" while the other versions are made, "Watch" once done: a link either way.
      await creator.waitForSelector(".studio-status a[href^='/v/']", { timeout: 180_000 });
      const { video } = await (await creator.request.get(`${base}/api/v1/videos/${videoId}`))
        .json();
      assert.equal(video.playable, true);
      await creator.goto(`${base}/v/${videoId}`);
      assert.equal(await creator.locator("h1.watch-title").textContent(), "Holiday clip");
      await playAndCheck(creator);
      const options = await creator.locator(".player-quality option").allTextContents();
      assert.ok(options.length >= 2, `quality options: ${options.join(", ")}`);
      const top = String(options.length - 2);
      await creator.selectOption(".player-quality", top);
      await creator.waitForFunction(
        (l) => document.querySelector<HTMLElement>(".player")!.dataset.level === l,
        top,
        {
          timeout: 30_000,
        },
      );
      const t = await creator.evaluate(() => document.querySelector("video")!.currentTime);
      await creator.waitForFunction(
        (t0) => document.querySelector("video")!.currentTime > t0 + 0.5,
        t,
        {
          timeout: 30_000,
        },
      );
      await shot(creator, "e2e-3-watch.png", shots);
      assert.deepEqual(
        await creator.evaluate(() =>
          (window as unknown as { __videoErrors: string[] }).__videoErrors
        ),
        [],
      );

      // A second viewer: private means not found.
      const viewer = await (await browser.newContext()).newPage();
      await signUp(viewer, base, "Viewer");
      const hidden = await viewer.goto(`${base}/v/${videoId}`);
      assert.equal(hidden?.status(), 404);

      // The creator makes it public from the edit page.
      await creator.goto(`${base}/studio/videos/${videoId}`);
      await creator.check("input[name=visibility][value=public]");
      // Wait for the saved page itself, not just any load state: the change is committed then.
      await Promise.all([
        creator.waitForURL(/\?saved=1$/, { timeout: 30_000 }),
        creator.click("button[type=submit]:has-text('Save')"),
      ]);
      const open = await viewer.goto(`${base}/v/${videoId}`);
      assert.equal(open?.status(), 200);
      await playAndCheck(viewer);

      // Sign out.
      await creator.goto(`${base}/`);
      await creator.click("summary.nav-user");
      await creator.click("button:has-text('Sign out')");
      await creator.waitForSelector("a[href='/signin']");
      assert.deepEqual(errors, []);
      console.log(`screenshots: ${shots.join(" ")}`);
    } finally {
      await browser.close();
      await server.shutdown();
      await worker.stop();
      await services.close();
    }
  },
});
