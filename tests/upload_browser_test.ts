/** Chromium signs up, uploads a generated clip through the Uploader island and lands on its edit page. */
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import { buildIslands } from "../lib/islands/build.ts";
import { MIB } from "../lib/uploads/plan.ts";
import { artifactPath, launchBrowser } from "./_harness/browser.ts";
import { GOOD_PASSWORD, testEmail } from "./_harness/client.ts";
import { openTestServices } from "./_harness/services.ts";
import { paddedClip } from "./_harness/uploads.ts";

Deno.test({
  name: "Chromium uploads a clip through the Uploader until 100 % and sees it on its edit page",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    // Listening first on a port the system picks (a port chosen free and bound later can be taken
    // by a parallel test in between: AddrInUse); the app, which needs that URL, is set after.
    let app: (req: Request) => Response | Promise<Response> = () =>
      new Response("starting", { status: 503 });
    const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (r) => app(r));
    const base = `http://127.0.0.1:${server.addr.port}`;
    const services = await openTestServices({ publicUrl: base });
    const islands = await buildIslands(new URL("../islands/", import.meta.url), {
      outDir: `${services.dir}/islands`,
    });
    app = createApp(services, { islands }).fetch;
    const clip = `${services.dir}/beach-day.mp4`;
    const bytes = await paddedClip(clip, 17 * MIB);
    const browser = await launchBrowser();
    try {
      // A phone-sized window: the page must work there.
      const context = await browser.newContext({
        viewport: { width: 390, height: 844 },
        isMobile: true,
        hasTouch: true,
      });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      const seen: number[] = [];
      await page.exposeFunction("vfProgress", (v: number) => seen.push(v));
      await page.addInitScript(() => {
        new MutationObserver(() => {
          const bar = document.querySelector<HTMLProgressElement>(".upload-progress progress");
          // deno-lint-ignore no-explicit-any
          if (bar) (globalThis as any).vfProgress(bar.value);
        }).observe(document, { subtree: true, childList: true, attributes: true });
      });

      await page.goto(`${base}/signup`);
      const email = testEmail("uploader");
      await page.fill("#f-email", email);
      await page.fill("#f-displayName", "Beach Creator");
      await page.fill("#f-password", GOOD_PASSWORD);
      await page.click("button[type=submit]:has-text('Sign up')");
      // Sign-up signs nobody in (it answers alike for taken addresses): sign in next.
      await page.waitForURL(`${base}/signin?signed_up=1`);
      await page.fill("#f-email", email);
      await page.fill("#f-password", GOOD_PASSWORD);
      await page.click("button[type=submit]:has-text('Sign in')");
      await page.waitForURL(`${base}/`);

      await page.goto(`${base}/upload`);
      await page.waitForSelector("vf-island[data-island=Uploader] input[type=file]");
      // Hydration attaches the handlers; wait for it before interacting.
      await page.waitForFunction(() => document.documentElement.dataset.hydrated === "true");
      await page.fill("input[name=title]", "Beach day");
      await page.selectOption("vf-island select[name=category]", "travel");
      await page.setInputFiles("input[type=file]", clip);
      await page.waitForSelector(".upload-progress");
      const during = await artifactPath("upload-progress.png");
      await page.screenshot({ path: during, fullPage: true });

      await page.waitForURL(/\/studio\/videos\/[0-9a-f-]{36}$/, { timeout: 60_000 });
      assert.ok(seen.includes(100), `the bar reached 100 % (saw ${seen.slice(-5).join(", ")})`);
      assert.equal(Math.max(...seen), 100);
      assert.equal(await page.locator("h1").textContent(), "Beach day");
      assert.match(await page.locator(".status-badge").textContent() ?? "", /Queued|Processing/);
      assert.equal(await page.inputValue("#f-title"), "Beach day");
      const videoId = page.url().split("/").pop()!;
      const [row] = await services.db.sql`
        select status, source_size, category from videos where id = ${videoId}`;
      assert.equal(row.status, "uploaded");
      assert.equal(row.category, "travel", "the category chosen on upload is kept");
      assert.equal(await page.inputValue("#f-category"), "travel");
      assert.equal(row.source_size, bytes.length);
      const after = await artifactPath("upload-edit-page.png");
      await page.screenshot({ path: after, fullPage: true });
      console.log(`screenshots: ${during} ${after}`);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await server.shutdown();
      await services.close();
    }
  },
});
