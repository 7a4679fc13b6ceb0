/**
 * The Content-Security-Policy in a real browser: pages hydrate their islands,
 * the theme script runs, and hls.js plays a processed video (MSE blob: media,
 * its worker) without a single CSP violation.
 */
import assert from "node:assert/strict";
import { openBrowserApp } from "./_harness/browser_app.ts";
import { readyPublicVideo } from "./_harness/videos.ts";

Deno.test({
  name: "CSP: islands, the theme script and hls.js playback run without violations",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const { services, browser, base, close } = await openBrowserApp();
    try {
      const id = await readyPublicVideo(
        { sql: services.db.sql, storage: services.storage, dir: services.dir },
        { width: 320, height: 180, durationS: 4 },
      );
      const page = await browser.newPage();
      const violations: string[] = [];
      page.on("console", (m) => {
        if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
      });
      await page.exposeFunction("reportViolation", (v: string) => violations.push(v));
      await page.addInitScript(() => {
        document.addEventListener("securitypolicyviolation", (e) => {
          // deno-lint-ignore no-explicit-any
          (globalThis as any).reportViolation(`${e.violatedDirective} ${e.blockedURI}`);
        });
      });
      await page.addInitScript(() => localStorage.setItem("vf-theme", "dark"));

      for (const path of ["/", "/signin"]) {
        const res = await page.goto(base + path);
        assert.match(res?.headers()["content-security-policy"] ?? "", /script-src 'self'/);
        await page.waitForSelector("html[data-hydrated='true']", { timeout: 10_000 });
        // Set before first paint by the inline theme script, which only its hash lets run.
        assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), "dark");
      }

      await page.goto(`${base}/v/${id}`);
      await page.waitForSelector("html[data-hydrated='true']");
      await page.click(".player-big-play");
      await page.waitForFunction(
        () => (document.querySelector("video")?.currentTime ?? 0) > 1,
        null,
        { timeout: 20_000 },
      );
      const src = await page.evaluate(() => document.querySelector("video")!.currentSrc);
      assert.match(src, /^blob:/, "hls.js plays through MSE");
      assert.deepEqual(violations, []);
    } finally {
      await close();
    }
  },
});
