/**
 * Analytics end to end in Chromium: a viewer plays, pauses, seeks, stalls on
 * a throttled network (one segment held back) and watches to the end; the
 * rollup runs; the creator's page shows the matching numbers, the retention
 * curve has the hole the seek made, and its drop-off seeks the preview. Then
 * every analytics page, desktop and phone, light and dark, with axe.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { rollupPending } from "../lib/analytics/rollup.ts";
import { DEVICES, memberWithRole, openBrowserApp, shootPages } from "./_harness/browser_app.ts";
import { readyPublicVideo } from "./_harness/videos.ts";

const DURATION_S = 24;

const time = (page: Page) => page.evaluate(() => document.querySelector("video")!.currentTime);

Deno.test({
  name: "analytics: a viewing session in Chromium becomes the creator's numbers",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const { services, browser, base, close } = await openBrowserApp();
    try {
      const sql = services.db.sql;
      const videoId = await readyPublicVideo(
        { sql, storage: services.storage, dir: services.dir },
        { width: 320, height: 180, durationS: DURATION_S },
      );
      const creator = await memberWithRole(browser, base, { sql, role: "creator" });
      await sql`update videos set owner_id = ${creator.id}, title = 'Test pattern' where id = ${videoId}`;

      // The viewer: anonymous, on a slow link, and the segment at 16–20 s held back.
      const context = await browser.newContext({ ...DEVICES.desktop, bypassCSP: true });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send("Network.enable");
      await cdp.send("Network.emulateNetworkConditions", {
        offline: false,
        latency: 40,
        downloadThroughput: 4_000_000 / 8,
        uploadThroughput: 1_000_000 / 8,
      });
      let release = () => {};
      const released = new Promise<void>((r) => release = r);
      // The segment that holds 16 s (segments are 1, 1, 2, then 4 s long: read, not assumed).
      const held = await segmentAt(base, videoId, 16);
      await page.route(new RegExp(`${held}\\.m4s`), async (route) => {
        await released;
        await route.continue();
      });
      await page.goto(`${base}/v/${videoId}`);
      await page.waitForSelector("html[data-hydrated='true']");
      await page.click(".player-big-play");
      await page.waitForFunction(() => document.querySelector("video")!.currentTime >= 3, null, {
        timeout: 30_000,
      });
      await page.keyboard.press("k");
      await page.waitForFunction(() => document.querySelector("video")!.paused);
      const pausedAt = await time(page);
      await page.keyboard.press("l");
      await page.waitForFunction(() => !document.querySelector("video")!.seeking);
      const seekedTo = await time(page);
      assert.ok(seekedTo > pausedAt + 9, `seeked from ${pausedAt} to ${seekedTo}`);
      await page.keyboard.press("k");
      // Out of data at 16 s: a stall, not a seek. Held for a while, then the network catches up.
      await page.waitForFunction(
        () => {
          const v = document.querySelector("video")!;
          return !v.paused && v.readyState < 3 && v.currentTime > 15;
        },
        null,
        { timeout: 20_000 },
      );
      await new Promise((r) => setTimeout(r, 1500));
      release();
      await page.waitForFunction(() => document.querySelector("video")!.ended, null, {
        timeout: 30_000,
      });
      // Leaving the page sends what is left (sendBeacon on pagehide).
      await page.goto(`${base}/`);
      await context.close();
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        const [n] = await sql`select count(*)::int as n from analytics_events
          where video_id = ${videoId} and kind = 'complete'`;
        if (n.n > 0) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      await rollupPending(sql);
      const [day] = await sql`select views, completes, rebuffers, rebuffer_s, watch_s,
        startup_p50_ms, retention from analytics_video_daily where video_id = ${videoId}`;
      assert.equal(day.views, 1);
      assert.equal(day.completes, 1);
      assert.ok(day.rebuffers >= 1, `rebuffers ${day.rebuffers}`);
      assert.ok(day.rebuffer_s >= 1, `rebuffer_s ${day.rebuffer_s}`);
      assert.ok(day.startup_p50_ms > 0);
      // Watched: 0 → the pause, then the seek's target → the end.
      const expected = DURATION_S - (seekedTo - pausedAt);
      assert.ok(Math.abs(day.watch_s - expected) < 1.5, `watched ${day.watch_s}, not ${expected}`);
      const at = (b: number) => (b + 0.5) / 100 * DURATION_S;
      for (let b = 0; b < 100; b++) {
        if (at(b) < pausedAt - 0.5 || at(b) > seekedTo + 0.5) {
          assert.equal(day.retention[b], 1, `bucket ${b} (${at(b)} s) was watched`);
        } else if (at(b) > pausedAt + 0.5 && at(b) < seekedTo - 0.5) {
          assert.equal(day.retention[b], 0, `bucket ${b} (${at(b)} s) was skipped`);
        }
      }

      // The creator's page shows the same.
      const studio = await browser.newContext({ ...DEVICES.desktop, bypassCSP: true });
      await studio.addCookies(creator.cookies);
      const sp = await studio.newPage();
      await sp.goto(`${base}/studio/analytics/videos/${videoId}?range=7`);
      await sp.waitForSelector("html[data-hydrated='true']");
      const tile = (label: string) =>
        sp.locator(".an-tile", { hasText: label }).locator("dd").first().innerText();
      assert.match(await tile("Views"), /^1\b/);
      assert.match(await tile("Completion rate"), /^100%/);
      assert.doesNotMatch(await tile("Rebuffering"), /^0%/);
      const cell = (pos: number) =>
        sp.locator("#retention-title ~ details tr", {
          has: sp.locator(`th:text-is("${pos}%")`),
        }).locator("td").textContent();
      const skipped = Math.round((pausedAt + seekedTo) / 2 / DURATION_S * 100);
      assert.equal(await cell(skipped), "0%");
      assert.equal(await cell(2), "100%");
      assert.equal(await cell(95), "100%");
      await sp.waitForSelector(".an-plot canvas");
      // The drop-off (where the seek left) seeks the preview player there.
      const drop = sp.locator(".an-dropoffs a").first();
      const seekS = Number(await drop.getAttribute("data-seek"));
      assert.ok(Math.abs(seekS - pausedAt) < 1, `drop-off at ${seekS}, paused at ${pausedAt}`);
      await drop.click();
      await sp.waitForFunction(
        (t) => (document.querySelector("video")?.currentTime ?? 0) >= t - 0.5,
        seekS,
        { timeout: 20_000 },
      );
      await studio.close();

      // Every analytics page, desktop and phone, light and dark.
      const admin = await memberWithRole(browser, base, { sql, role: "admin" });
      const pages = {
        channel: { cookies: creator.cookies, path: "/studio/analytics?range=7" },
        video: { cookies: creator.cookies, path: `/studio/analytics/videos/${videoId}?range=7` },
        admin: { cookies: admin.cookies, path: "/admin/analytics?range=7" },
      };
      const problems = await shootPages(browser, base, {
        prefix: "analytics",
        pages,
        ready: ".an-plot canvas",
      });
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  },
});

/** The name (without extension) of the segment playing at `t` seconds, from the first variant. */
async function segmentAt(base: string, videoId: string, t: number): Promise<string> {
  const master = await (await fetch(`${base}/media/${videoId}/master.m3u8`)).text();
  const variant = master.split("\n").find((l) => l.trim() && !l.startsWith("#"))!.trim();
  const playlist = await (await fetch(`${base}/media/${videoId}/${variant}`)).text();
  let start = 0;
  let duration = 0;
  for (const line of playlist.split("\n")) {
    const inf = /^#EXTINF:([\d.]+)/.exec(line);
    if (inf) duration = Number(inf[1]);
    else if (line.trim() && !line.startsWith("#")) {
      if (t >= start && t < start + duration) return line.trim().replace(/\.m4s$/, "");
      start += duration;
    }
  }
  throw new Error(`no segment at ${t} s in ${variant}`);
}
