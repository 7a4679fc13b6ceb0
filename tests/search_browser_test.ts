/** The header search box and the results page in Chromium: suggestions, keyboard, highlights, a11y. */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { createApp } from "../app.ts";
import { buildIslands } from "../lib/islands/build.ts";
import { artifactPath, launchBrowser } from "./_harness/browser.ts";
import { addUser, addVideo } from "./_harness/search_catalog.ts";
import { openTestServices } from "./_harness/services.ts";

const AXE = new URL("../node_modules/axe-core/axe.min.js", import.meta.url);

// axe-core runs through the debugging protocol (page.evaluate), which the
// page's strict CSP does not apply to, so the page itself stays unchanged.
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(`${await Deno.readTextFile(AXE)}\n;0`);
  const violations = await page.evaluate(async () => {
    // deno-lint-ignore no-explicit-any
    const r = await (globalThis as any).axe.run(document);
    return r.violations as { id: string; impact: string; nodes: { target: string[] }[] }[];
  });
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

Deno.test({
  name:
    "search in Chromium: type in the header, pick a suggestion with the keyboard, read highlighted results",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const services = await openTestServices();
    const sql = services.db.sql;
    const ada = await addUser(sql, "Ada Knitwell");
    const first = await addVideo(sql, ada, {
      title: "Knitting tutorial for beginners",
      description: "A calm tutorial: cast on, knit a row, purl a row, and finish a scarf.",
      tags: ["knitting", "crafts"],
      viewCount: 120,
    });
    await addVideo(sql, ada, {
      title: "Knitting patterns explained",
      description: "Charts and patterns, and a tutorial on reading them.",
      tags: ["knitting"],
      viewCount: 40,
      durationS: 1500,
    });
    await addVideo(sql, ada, { title: "Café crochet meetup", tags: ["crochet"], viewCount: 3 });
    await addVideo(sql, ada, { title: "Knitting secrets", visibility: "private" });
    const islands = await buildIslands(new URL("../islands/", import.meta.url), {
      outDir: `${services.dir}/islands`,
    });
    const server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen() {} },
      createApp(services, { islands }).fetch,
    );
    const base = `http://127.0.0.1:${server.addr.port}`;
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(`${base}/`);
      await page.waitForSelector("html[data-hydrated='true']", { timeout: 10_000 });

      const input = page.locator("#search-input");
      await input.click();
      await input.pressSequentially("knit", { delay: 40 });
      const options = page.locator("#search-suggestions [role=option]");
      await options.first().waitFor({ state: "visible", timeout: 5_000 });
      const texts = await options.allTextContents();
      assert.ok(texts[0].startsWith("Knitting tutorial for beginners"), texts.join(" | "));
      assert.ok(
        texts.some((t) => t.startsWith("knitting") && t.endsWith("Tag")),
        texts.join(" | "),
      );
      assert.ok(texts.some((t) => t.startsWith("Ada Knitwell")), texts.join(" | "));
      assert.ok(!texts.some((t) => t.includes("secrets")), "a private title is never suggested");
      assert.equal(await input.getAttribute("aria-expanded"), "true");

      const shot = await artifactPath("search-suggestions-desktop-light.png");
      await page.screenshot({ path: shot });
      console.log(`screenshot: ${shot}`);
      assert.deepEqual(await seriousViolations(page), []);

      await page.keyboard.press("ArrowDown");
      assert.equal(await input.getAttribute("aria-activedescendant"), "search-suggestions-0");
      assert.equal(await options.first().getAttribute("aria-selected"), "true");
      await page.keyboard.press("ArrowUp");
      assert.equal(
        await input.getAttribute("aria-activedescendant"),
        `search-suggestions-${texts.length - 1}`,
      );
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("Escape");
      assert.equal(await input.getAttribute("aria-expanded"), "false");
      await page.keyboard.press("ArrowDown");
      assert.equal(await input.getAttribute("aria-activedescendant"), "search-suggestions-0");
      await Promise.all([page.waitForURL(`${base}/v/${first}`), page.keyboard.press("Enter")]);

      // Enter without a highlighted suggestion searches.
      const box = page.locator("#search-input");
      await box.fill("tutorial");
      await Promise.all([page.waitForURL(/\/search\?q=tutorial/), box.press("Enter")]);
      assert.equal(await box.inputValue(), "tutorial");
      const marks = await page.locator(".search-results mark").allTextContents();
      assert.ok(marks.filter((m) => m.toLowerCase() === "tutorial").length >= 3, marks.join());
      assert.deepEqual(await seriousViolations(page), []);
      for (const scheme of ["light", "dark"] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        for (
          const [device, viewport] of [["desktop", { width: 1280, height: 800 }], [
            "phone",
            { width: 390, height: 844 },
          ]] as const
        ) {
          await page.setViewportSize(viewport);
          const path = await artifactPath(`search-results-${device}-${scheme}.png`);
          await page.screenshot({ path, fullPage: true });
          console.log(`screenshot: ${path}`);
        }
      }
      await page.emulateMedia({ colorScheme: "dark" });
      assert.deepEqual(await seriousViolations(page), []);
      await page.setViewportSize({ width: 390, height: 844 });
      await box.fill("");
      await box.pressSequentially("caf", { delay: 40 });
      await options.first().waitFor({ state: "visible" });
      const phone = await artifactPath("search-suggestions-phone-dark.png");
      await page.screenshot({ path: phone });
      console.log(`screenshot: ${phone}`);
      assert.deepEqual(await options.allTextContents(), ["Café crochet meetupVideo"]);
      assert.deepEqual(errors, []);

      // Without JavaScript the box is a plain form.
      const plain = await browser.newPage({ javaScriptEnabled: false });
      await plain.goto(`${base}/`);
      await plain.fill("#search-input", "patterns");
      await Promise.all([
        plain.waitForURL(/\/search\?q=patterns/),
        plain.press("#search-input", "Enter"),
      ]);
      assert.deepEqual(await plain.locator(".search-results h2").allTextContents(), [
        "Knitting patterns explained",
      ]);
    } finally {
      await browser.close();
      await server.shutdown();
      await services.close();
    }
  },
});
