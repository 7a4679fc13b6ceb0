/** The islands layer in a real browser: server markers hydrate into live components. */
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import { buildIslands } from "../lib/islands/build.ts";
import { artifactPath, launchBrowser } from "./_harness/browser.ts";
import { openTestServices } from "./_harness/services.ts";

Deno.test({
  name: "islands hydrate in Chromium: the theme toggle works and its choice survives a reload",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const services = await openTestServices();
    const outDir = `${services.dir}/islands`;
    const islands = await buildIslands(new URL("../islands/", import.meta.url), { outDir });
    assert.match(islands.url, /^\/_islands\/islands-[0-9a-f]{12}\.js$/);
    assert.ok(islands.names.includes("ThemeToggle"));
    const server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen() {} },
      createApp(services, { islands }).fetch,
    );
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      const base = `http://127.0.0.1:${server.addr.port}`;
      const res = await page.goto(base + "/");
      assert.equal(res?.status(), 200);
      await page.waitForSelector("html[data-hydrated='true']", { timeout: 10_000 });

      const toggle = page.locator("vf-island[data-island='ThemeToggle'] button");
      assert.equal(await toggle.textContent(), "◐Auto");
      await toggle.click();
      assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), "dark");
      assert.equal(await toggle.textContent(), "☾Dark");
      const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.equal(bg, "rgb(15, 15, 18)");
      const shot = await artifactPath("home-dark.png");
      await page.screenshot({ path: shot });
      console.log(`screenshot: ${shot}`);

      await page.reload();
      await page.waitForSelector("html[data-hydrated='true']");
      assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), "dark");
      assert.equal(await toggle.textContent(), "☾Dark");
      assert.deepEqual(errors, []);

      const bundle = await fetch(base + islands.url);
      assert.equal(bundle.headers.get("cache-control"), "public, max-age=31536000, immutable");
      await bundle.body?.cancel();
    } finally {
      await browser.close();
      await server.shutdown();
      await services.close();
    }
  },
});
