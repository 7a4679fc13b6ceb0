/**
 * The watch page's sharing and next-up column, and the embed player, in
 * Chromium: the share dialog by keyboard (copy a link at the current time,
 * Tab stays inside, Escape closes), `?t=2` starts at 2 s, autoplay of the next
 * video (and its switch remembered), the embed page playing inside an iframe
 * of a page on another origin, axe, and screenshots desktop/phone light/dark.
 */
import assert from "node:assert/strict";
import { seriousAxeProblems } from "./_harness/axe.ts";
import { artifactPath } from "./_harness/browser.ts";
import { DEVICES, openBrowserApp } from "./_harness/browser_app.ts";
import { addVideo } from "./_harness/search_catalog.ts";
import { readyPublicVideo } from "./_harness/videos.ts";

Deno.test({
  name: "share dialog, ?t= start, autoplay, embed in a cross-origin iframe, axe and screenshots",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const { services, browser, base, close } = await openBrowserApp();
    let host: Deno.HttpServer<Deno.NetAddr> | undefined;
    try {
      const sql = services.db.sql;
      const deps = { sql, storage: services.storage, dir: services.dir };
      const id = await readyPublicVideo(deps, { width: 320, height: 180, durationS: 5 });
      await sql`update videos set title = 'Harbour at dawn', tags = ${["sea", "boats"]},
        description = ${"Filmed at https://example.org/harbour. More: javascript:alert(1)"}
        where id = ${id}`;
      const [{ owner }] = await sql<{ owner: string }[]>`
        select owner_id as owner from videos where id = ${id}`;
      const next = await addVideo(sql, owner, { title: "Boats leaving", tags: ["sea", "boats"] });
      await addVideo(sql, owner, { title: "Gulls over the pier", tags: ["sea"] });
      const errors: string[] = [];
      const problems: string[] = [];

      // ?t=2 starts at 2 s; the share dialog by keyboard copies a link at the current time.
      const context = await browser.newContext({
        permissions: ["clipboard-read", "clipboard-write"],
      });
      const page = await context.newPage();
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(`${base}/v/${id}?t=2`);
      await page.waitForSelector("html[data-hydrated='true']");
      // Filled as served, before any interaction re-renders the island.
      assert.match(await page.locator("#share-embed").inputValue(), /^<iframe src=/);
      const link = page.locator(".watch-description a");
      assert.deepEqual(await link.allTextContents(), ["https://example.org/harbour"]);
      assert.equal(await link.getAttribute("rel"), "nofollow ugc noopener");
      assert.equal(await page.locator(".next-up-title a").first().textContent(), "Boats leaving");
      // Autoplay off for now (remembered across pages), so the video can end here.
      await page.locator(".autoplay input").uncheck();
      await page.click(".player-big-play");
      await page.waitForFunction(
        () => {
          const v = document.querySelector("video")!;
          return !v.paused && v.currentTime > 0;
        },
        null,
        { timeout: 20_000 },
      );
      const startedAt = await page.evaluate(() => {
        const v = document.querySelector("video")!;
        v.pause();
        return v.currentTime;
      });
      assert.ok(startedAt >= 2, `started at ${startedAt}`);

      const share = page.locator("button:has-text('Share')");
      await share.focus();
      await page.keyboard.press("Enter");
      const dialog = page.locator("dialog.share-dialog");
      await dialog.waitFor({ state: "visible" });
      assert.equal(await dialog.getAttribute("aria-labelledby"), "share-title");
      assert.ok(await dialog.evaluate((d) => d.contains(document.activeElement)));
      await page.locator(".share-check input").check();
      await page.locator("button:has-text('Copy link')").click();
      await page.locator(".share-status:has-text('copied')").waitFor();
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      const playerAt = await page.evaluate(() =>
        document.querySelector<HTMLVideoElement>(".player video")?.currentTime
      );
      assert.match(
        copied,
        new RegExp(`^http://localhost:8000/v/${id}\\?t=[2-5]s$`),
        `copied ${copied} with the player at ${playerAt}`,
      );
      // Tab wraps inside the dialog.
      for (let i = 0; i < 12; i++) {
        await page.keyboard.press("Tab");
        assert.ok(await dialog.evaluate((d) => d.contains(document.activeElement)), `tab ${i}`);
      }
      const embedCode = await page.locator("#share-embed").inputValue();
      assert.match(embedCode, new RegExp(`^<iframe src="http://localhost:8000/embed/${id}"`));
      await page.screenshot({ path: await artifactPath("share-dialog.png") });
      await page.keyboard.press("Escape");
      await dialog.waitFor({ state: "hidden" });
      assert.ok(await share.evaluate((b) => b === document.activeElement), "focus back on Share");

      // The switch is remembered; once on again, the end of the video opens the next one.
      await page.reload();
      await page.waitForSelector("html[data-hydrated='true']");
      assert.equal(await page.locator(".autoplay input").isChecked(), false);
      await page.locator(".autoplay input").check();
      await page.click(".player-big-play");
      await page.waitForURL(`${base}/v/${next}`, { timeout: 30_000 });
      await context.close();

      // The embed plays inside an iframe of a page on another origin (another port).
      host = Deno.serve(
        { hostname: "127.0.0.1", port: 0, onListen() {} },
        () =>
          new Response(
            `<!DOCTYPE html><title>Blog</title><h1>My blog</h1>` +
              `<iframe src="${base}/embed/${id}" width="640" height="360" title="Harbour" allow="autoplay"></iframe>`,
            { headers: { "content-type": "text/html" } },
          ),
      );
      const blog = await browser.newPage();
      blog.on("pageerror", (e) => errors.push(e.message));
      await blog.goto(`http://127.0.0.1:${host.addr.port}/`);
      const frame = blog.frameLocator("iframe");
      await frame.locator("html[data-hydrated='true']").waitFor({ timeout: 15_000 });
      await frame.locator(".player-big-play").click();
      const embedded = blog.frames().find((f) => f.url().includes("/embed/"))!;
      await embedded.waitForFunction(
        () => (document.querySelector("video")?.currentTime ?? 0) > 0.5,
        null,
        { timeout: 20_000 },
      );
      await blog.screenshot({ path: await artifactPath("embed-in-iframe.png") });
      await blog.close();

      // Screenshots and axe: the watch page (dialog open) and the embed page.
      for (const [device, options] of Object.entries(DEVICES)) {
        for (const colorScheme of ["light", "dark"] as const) {
          const ctx = await browser.newContext({ ...options, colorScheme, bypassCSP: true });
          const p = await ctx.newPage();
          p.on("pageerror", (e) => errors.push(e.message));
          const label = `${device}-${colorScheme}`;
          await p.goto(`${base}/v/${id}`);
          await p.waitForSelector("html[data-hydrated='true']");
          await p.screenshot({ path: await artifactPath(`watch-${label}.png`), fullPage: true });
          await p.locator("button:has-text('Share')").click();
          await p.locator("dialog.share-dialog").waitFor({ state: "visible" });
          await p.screenshot({ path: await artifactPath(`watch-share-${label}.png`) });
          for (const x of await seriousAxeProblems(p)) {
            problems.push(`watch ${label}: ${x.id} ${x.help} at ${x.targets.join(", ")}`);
          }
          if (device === "phone") {
            const overflow = await p.evaluate(() =>
              document.documentElement.scrollWidth - document.documentElement.clientWidth
            );
            if (overflow > 1) problems.push(`watch ${label}: wider than the phone by ${overflow}`);
          }
          await p.goto(`${base}/embed/${id}`);
          await p.waitForSelector("html[data-hydrated='true']");
          await p.screenshot({ path: await artifactPath(`embed-${label}.png`) });
          for (const x of await seriousAxeProblems(p)) {
            problems.push(`embed ${label}: ${x.id} ${x.help} at ${x.targets.join(", ")}`);
          }
          await ctx.close();
        }
      }
      assert.deepEqual(problems, []);
      assert.deepEqual(errors, []);
    } finally {
      await host?.shutdown();
      await close();
    }
  },
});
