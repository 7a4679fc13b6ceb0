/**
 * Focus mode in Chromium: the toggle hides the page's chrome and dims it,
 * cursor and controls hide after 3 s without movement, a tab switch counts as
 * an interruption of the stored session, Esc exits with focus kept on the
 * toggle; screenshots of the watch page in focus mode, /focus and /settings
 * (desktop and phone, light and dark) with axe and phone-overflow checks.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { artifactPath } from "./_harness/browser.ts";
import { pageProblems } from "./_harness/axe.ts";
import { DEVICES, openBrowserApp, signUpInBrowser } from "./_harness/browser_app.ts";
import { testEmail } from "./_harness/client.ts";
import { readyPublicVideo } from "./_harness/videos.ts";

const shown = (page: Page, selector: string) => page.locator(selector).first().isVisible();
declare function setVisibility(to: DocumentVisibilityState): void;

Deno.test({
  name: "focus mode hides chrome, auto-hides the cursor, counts a tab switch as an interruption",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const { services, browser, base, close } = await openBrowserApp();
    try {
      const sql = services.db.sql;
      const id = await readyPublicVideo(
        { sql, storage: services.storage, dir: services.dir },
        { width: 320, height: 180, durationS: 6 },
      );
      const context = await browser.newContext({ ...DEVICES.desktop, bypassCSP: true });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await signUpInBrowser(page, base, { email: testEmail("focus"), name: "Focused" });
      await page.addInitScript(() => {
        // The Page Visibility state a tab switch sets (see below), settable from the test.
        let state: DocumentVisibilityState = "visible";
        Object.defineProperty(document, "visibilityState", { get: () => state });
        Object.defineProperty(document, "hidden", { get: () => state === "hidden" });
        Object.assign(globalThis, {
          setVisibility(to: DocumentVisibilityState) {
            state = to;
            document.dispatchEvent(new Event("visibilitychange"));
          },
        });
      });
      await page.goto(`${base}/v/${id}`);
      await page.waitForSelector("html[data-hydrated='true']");
      const toggle = page.getByRole("button", { name: "Focus mode" });
      assert.equal(await toggle.getAttribute("aria-pressed"), "false");
      assert.equal(await shown(page, ".site-header"), true);

      await toggle.focus();
      await page.keyboard.press("Enter");
      await page.waitForSelector("html[data-focus]");
      assert.equal(await toggle.getAttribute("aria-pressed"), "true");
      for (const chrome of [".site-header", ".next-up", ".comments", ".watch-title"]) {
        assert.equal(await shown(page, chrome), false, `${chrome} is hidden`);
      }
      assert.equal(await shown(page, ".player"), true);
      assert.equal(await shown(page, ".focus-toggle"), true, "the toggle stays to leave by");
      const dim = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.equal(dim, "rgb(5, 5, 7)");

      // Play (6 s): a session in which the video ends counts as completed.
      await page.click(".player-big-play");
      // No movement: the cursor and the controls go; a movement brings them back.
      await page.mouse.move(400, 300);
      await page.waitForSelector("html[data-focus='idle']", { timeout: 10_000 });
      const idle = await page.evaluate(() => ({
        cursor: getComputedStyle(document.querySelector(".player video")!).cursor,
        controls: getComputedStyle(document.querySelector(".player-controls")!).pointerEvents,
      }));
      assert.deepEqual(idle, { cursor: "none", controls: "none" });
      await page.mouse.move(420, 320);
      await page.waitForSelector("html[data-focus='on']");

      // A switch to another tab. Headless Chromium never hides a page (every page is a
      // window of its own, always "visible"), so the switch is made of what it does give:
      // a real window blur and focus (focus emulation off, another page brought to the
      // front) and, around it, the Page Visibility change a tab switch brings, which has to
      // be set on the document (w3c/webdriver#1718, microsoft/playwright#2286).
      const cdp = await context.newCDPSession(page);
      await cdp.send("Emulation.setFocusEmulationEnabled", { enabled: false });
      const other = await context.newPage();
      await other.bringToFront();
      await page.waitForFunction(() => !document.hasFocus());
      await page.evaluate(() => setVisibility("hidden"));
      await page.evaluate(() => setVisibility("visible"));
      await page.bringToFront();
      await other.close();
      await page.waitForFunction(() => document.hasFocus());
      // And a window left without hiding the tab (another application in front).
      const third = await context.newPage();
      await third.bringToFront();
      await page.waitForFunction(() => !document.hasFocus());
      await page.bringToFront();
      await third.close();
      await page.waitForFunction(() => document.hasFocus());

      // Esc leaves focus mode; keyboard focus stays on the toggle; the session is stored.
      await page.waitForFunction(() => document.querySelector("video")?.ended, null, {
        timeout: 30_000,
      });
      await toggle.focus();
      const sent = page.waitForResponse((r) => r.url().endsWith("/api/v1/focus-sessions"));
      await page.keyboard.press("Escape");
      assert.equal((await sent).status(), 200);
      assert.equal(await page.evaluate(() => document.documentElement.dataset.focus), undefined);
      assert.equal(await toggle.getAttribute("aria-pressed"), "false");
      assert.equal(
        await page.evaluate(() => document.activeElement?.classList.contains("focus-toggle")),
        true,
      );
      assert.equal(await shown(page, ".site-header"), true);
      const rows = await sql<
        { hidden: number; blurs: number; durationS: number; completed: boolean }[]
      >`select hidden_count as hidden, blur_count as blurs, duration_s as "durationS", completed
        from focus_sessions where video_id = ${id}`;
      assert.equal(rows.length, 1);
      assert.equal(rows[0].hidden, 1, "the tab switch (blur, hidden) is one interruption");
      assert.equal(rows[0].blurs, 1, "the window left with the tab visible is another");
      assert.ok(rows[0].durationS > 0);
      assert.equal(rows[0].completed, true, "the video played to its end in focus mode");

      // Auto-start: the setting's form, then the watch page opens in focus mode.
      await page.goto(`${base}/settings`);
      // Leaving the page sent the playback session: focus mode is in it, with its interruptions.
      let focusEvents: { kind: string; value: number | null }[] = [];
      for (let i = 0; i < 100 && focusEvents.length < 2; i++) {
        focusEvents = await sql<{ kind: string; value: number | null }[]>`
          select kind, value from analytics_events
          where video_id = ${id} and kind like 'focus_%' order by seq`;
        if (focusEvents.length < 2) await new Promise((r) => setTimeout(r, 100));
      }
      assert.deepEqual([...focusEvents], [
        { kind: "focus_start", value: null },
        { kind: "focus_end", value: 2 },
      ]);
      await page.check("input[name=autoStart]");
      await page.click("#focus button[type=submit]");
      await page.waitForURL(/saved=focus/);
      await page.goto(`${base}/v/${id}`);
      await page.waitForSelector("html[data-focus]");
      assert.deepEqual(errors, []);
      const cookies = await context.cookies();
      await context.close();
      // An admin sees the averages on the dashboard and, managing every video, its figures.
      await sql`update users set role = 'admin' where display_name = 'Focused'`;

      // Screenshots: desktop and phone, light and dark.
      const problems: string[] = [];
      for (const [device, options] of Object.entries(DEVICES)) {
        for (const colorScheme of ["light", "dark"] as const) {
          const ctx = await browser.newContext({ ...options, colorScheme, bypassCSP: true });
          await ctx.addCookies(cookies);
          const p = await ctx.newPage();
          const phone = device === "phone";
          const shot = async (name: string) => {
            const label = `${name}-${device}-${colorScheme}`;
            const fullPage = name !== "watch" && name !== "settings";
            await p.screenshot({ path: await artifactPath(`focus-${label}.png`), fullPage });
            problems.push(...await pageProblems(p, label, { phone }));
          };
          const pages = [
            ["history", "/focus"],
            ["settings", "/settings#focus"],
            ["studio", `/studio/videos/${id}`],
            ["admin", "/admin"],
          ];
          for (const [name, path] of pages) {
            assert.equal((await p.goto(base + path))?.status(), 200, path);
            await p.waitForSelector("html[data-hydrated='true']");
            await shot(name);
          }
          await p.goto(`${base}/v/${id}`);
          await p.waitForSelector("html[data-focus]");
          await p.mouse.move(100, 100);
          await shot("watch");
          await ctx.close();
        }
      }
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  },
});
