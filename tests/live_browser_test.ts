/**
 * Watching a live stream in Chromium: a creator makes a stream on the studio's
 * live page (the key shown once), ffmpeg pushes RTMP as OBS would, and a
 * viewer's /v/:id plays it live (currentTime advances, LIVE shown, viewers
 * counted); a scheduled stream shows its countdown. Screenshots of every live
 * page (desktop and phone, light and dark) with axe and phone-overflow checks.
 */
import assert from "node:assert/strict";
import { artifactPath } from "./_harness/browser.ts";
import { pageProblems } from "./_harness/axe.ts";
import { DEVICES, openBrowserApp, signUpInBrowser } from "./_harness/browser_app.ts";
import { testEmail } from "./_harness/client.ts";
import { type Encoder, eventually, pushRtmp } from "./_harness/live.ts";
import { startIngest } from "../lib/live/ingest.ts";
import { createStream } from "../lib/live/streams.ts";

Deno.test({
  name:
    "a stream created in the studio plays live in Chromium; pages pass axe on phone and desktop",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const app = await openBrowserApp({ env: { RTMP_PORT: "0" } });
    const { services, browser, base } = app;
    const sql = services.db.sql;
    const ingest = await startIngest({
      sql,
      storage: services.storage,
      config: services.config.live,
      ffmpegPath: services.config.ffmpegPath,
    });
    let encoder: Encoder | undefined;
    try {
      const context = await browser.newContext({ ...DEVICES.desktop, bypassCSP: true });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await signUpInBrowser(page, base, { email: testEmail("streamer"), name: "Streamer" });
      await sql`update users set role = 'creator' where display_name = 'Streamer'`;
      const [{ id: ownerId }] = await sql<{ id: string }[]>`
        select id from users where display_name = 'Streamer'`;
      await page.goto(`${base}/studio/live`);
      await page.fill("#f-title", "Chromium live");
      await page.click("button[type=submit]:has-text('Create stream')");
      await page.waitForSelector("#live-key");
      const key = await page.inputValue("#live-key");
      assert.match(key, /^live_/);
      const [{ id }] = await sql<{ id: string }[]>`
        select video_id as id from live_streams where owner_id = ${ownerId}`;
      const cookies = await context.cookies();

      encoder = pushRtmp(`rtmp://127.0.0.1:${ingest.port}/live/${key}`, { durationS: 90 });
      await eventually("the stream on air", async () => {
        const [s] = await sql<{ state: string; n: number }[]>`
          select state, (select count(*)::int from live_segments g
            where g.video_id = s.video_id and g.rung = 'src') as n
          from live_streams s where video_id = ${id}`;
        return s.state === "streaming" && s.n >= 2;
      }, 90_000);

      // A viewer watches: playback advances, LIVE and the viewer count are shown.
      await page.goto(`${base}/v/${id}`);
      await page.click(".player-big-play");
      const t0 = await eventually("playback started", async () => {
        const t = await page.evaluate(() => document.querySelector("video")!.currentTime);
        return t > 0.5 ? t : undefined;
      }, 60_000);
      await eventually("currentTime advancing", async () => {
        const t = await page.evaluate(() => document.querySelector("video")!.currentTime);
        return t > t0 + 2;
      }, 60_000);
      await page.waitForSelector(".live-badge.on");
      assert.equal((await page.textContent(".live-badge"))?.trim(), "Live");
      await eventually(
        "a viewer counted",
        async () =>
          /^[1-9]\d* viewers?$/.test((await page.textContent(".live-viewers"))?.trim() ?? ""),
      );
      assert.deepEqual(errors, []);
      await context.close();

      // A scheduled stream shows its countdown.
      const later = await createStream(sql, ownerId, {
        title: "Tomorrow's show",
        scheduledAt: new Date(Date.now() + 26 * 3600_000),
      });

      const problems: string[] = [];
      for (const [device, options] of Object.entries(DEVICES)) {
        for (const colorScheme of ["light", "dark"] as const) {
          const ctx = await browser.newContext({ ...options, colorScheme, bypassCSP: true });
          await ctx.addCookies(cookies);
          const p = await ctx.newPage();
          const phone = device === "phone";
          const shot = async (name: string, fullPage = true) => {
            const label = `${name}-${device}-${colorScheme}`;
            await p.screenshot({ path: await artifactPath(`live-${label}.png`), fullPage });
            problems.push(...await pageProblems(p, label, { phone }));
          };
          assert.equal((await p.goto(`${base}/studio/live`))?.status(), 200);
          await p.waitForSelector("html[data-hydrated='true']");
          await shot("studio");
          await p.goto(`${base}/v/${later.stream.videoId}`);
          await p.waitForSelector(".live-panel-countdown");
          // 26 hours ahead (less the seconds the test took): one day and one or two hours.
          assert.match((await p.textContent(".live-panel-countdown"))!, /^Starts in 1 d [12] h$/);
          await shot("scheduled", false);
          await p.goto(`${base}/v/${id}`);
          await p.click(".player-big-play");
          await p.waitForSelector(".live-badge.on");
          await p.waitForFunction(() => document.querySelector("video")!.currentTime > 1);
          await shot("watch", false);
          await ctx.close();
        }
      }
      // The key page (after a rotation: the new key, shown once).
      const ctx = await browser.newContext({ ...DEVICES.phone, bypassCSP: true });
      await ctx.addCookies(cookies);
      const p = await ctx.newPage();
      await p.goto(`${base}/studio/live`);
      await p.click(`form[action="/studio/live/${id}/key"] button`);
      await p.waitForSelector("#live-key");
      assert.notEqual(await p.inputValue("#live-key"), key);
      await p.screenshot({ path: await artifactPath("live-key-phone-light.png"), fullPage: true });
      problems.push(...await pageProblems(p, "key-phone", { phone: true }));
      await ctx.close();
      assert.deepEqual(problems, []);
    } finally {
      await encoder?.stop();
      await ingest.close();
      await app.close();
    }
  },
});
