/**
 * Issue 18, P1 in a real player: while a video's playlists still grow (EVENT,
 * no ENDLIST: the remux or the ladder is still running) hls.js treats them as
 * live and would join near their end. The master's EXT-X-START:TIME-OFFSET=0
 * makes the watch page's player start at the beginning. The same stream with
 * that line taken out starts near the end, which shows what the line is for.
 */
import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { DEVICES, openBrowserApp } from "./_harness/browser_app.ts";
import { readyPublicVideo } from "./_harness/videos.ts";
import { mediaChanged } from "../lib/videos/media_changes.ts";

/** Where playback is when the video first plays after a click on the big play button. */
async function startPosition(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext({ ...DEVICES.desktop, bypassCSP: true });
  try {
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForSelector("html[data-hydrated='true']");
    await page.click(".player-big-play");
    const handle = await page.waitForFunction(
      () => {
        const v = document.querySelector("video");
        return v && !v.paused && v.readyState >= 3 && v.currentTime > 0 ? v.currentTime : false;
      },
      null,
      { timeout: 30_000 },
    );
    return Number(await handle.jsonValue());
  } finally {
    await context.close();
  }
}

Deno.test({
  name: "a video whose playlists still grow starts at its beginning in the watch page's player",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const { services, browser, base, close } = await openBrowserApp();
    try {
      const { storage } = services;
      const deps = { sql: services.db.sql, storage, dir: services.dir };
      const id = await readyPublicVideo(deps, { durationS: 40 });
      const read = async (key: string) => await new Response((await storage.get(key))!.body).text();
      // The stored rung as it was while still growing: EVENT, without ENDLIST.
      const rung = `media/${id}/180p/index.m3u8`;
      const growing = (await read(rung)).replace(
        "#EXT-X-PLAYLIST-TYPE:VOD",
        "#EXT-X-PLAYLIST-TYPE:EVENT",
      )
        .replace("#EXT-X-ENDLIST\n", "");
      await storage.put(rung, growing);
      const master = await read(`media/${id}/master.m3u8`);
      assert.match(master, /#EXT-X-START:TIME-OFFSET=0\n/);

      const withStart = await startPosition(browser, `${base}/v/${id}`);
      assert.ok(withStart < 4, `starts at the beginning, not at ${withStart} s`);

      await storage.put(
        `media/${id}/master.m3u8`,
        master.replace("#EXT-X-START:TIME-OFFSET=0\n", ""),
      );
      // Written behind the app's back: the media edge's memory of the master is let go, as a
      // re-run's transition would.
      mediaChanged(id);
      const without = await startPosition(browser, `${base}/v/${id}`);
      assert.ok(without > 20, `without it hls.js joins near the end (${without} s)`);
    } finally {
      await close();
    }
  },
});
