/**
 * Captions and thumbnails in Chromium: a real transcode (which also makes the
 * thumbnail frames), two caption tracks; the CC menu lists Off and both, a
 * choice shows the cue's text in the video's text track, is remembered on the
 * next visit, and works in the embed; the edit page's thumbnail picker and
 * captions section (screenshots desktop and phone, light and dark), choosing a
 * frame, which the watch page's poster srcset then shows.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { saveCaption } from "../lib/captions/store.ts";
import { playFromClick } from "./_harness/player.ts";
import { pageProblems } from "./_harness/axe.ts";
import { artifactPath } from "./_harness/browser.ts";
import { DEVICES, openBrowserApp, signUpInBrowser } from "./_harness/browser_app.ts";
import { testEmail } from "./_harness/client.ts";
import { readyPublicVideo } from "./_harness/videos.ts";

const enc = (s: string) => new TextEncoder().encode(s);

/** The text of the cues the video's showing text track holds now, and its language. */
function shownCues(page: Page) {
  return page.evaluate(() => {
    const t = Array.from(document.querySelector("video")!.textTracks)
      .find((t) => t.mode === "showing");
    return t
      ? { lang: t.language, cues: Array.from(t.cues ?? []).map((c) => (c as VTTCue).text) }
      : undefined;
  });
}

Deno.test({
  name: "captions: CC menu, cue text in the text track, remembered, embed; thumbnail picker",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const { services, browser, base, close } = await openBrowserApp();
    try {
      const sql = services.db.sql;
      const deps = { sql, storage: services.storage, dir: services.dir };
      const videoId = await readyPublicVideo(deps, { width: 640, height: 360, durationS: 8 });
      await saveCaption(deps, videoId, {
        lang: "en",
        label: "English",
        bytes: enc("WEBVTT\n\n00:00.000 --> 00:07.500\nHello from the captions\n"),
      });
      await saveCaption(deps, videoId, {
        lang: "fr",
        label: "Français",
        bytes: enc("1\n00:00:00,000 --> 00:00:07,500\nBonjour des sous-titres\n"),
      });
      const errors: string[] = [];

      const desktop = await browser.newContext({ ...DEVICES.desktop, bypassCSP: true });
      const page = await desktop.newPage();
      page.on("pageerror", (e) => errors.push(e.message));
      await playFromClick(page, `${base}/v/${videoId}`);
      assert.equal(await shownCues(page), undefined, "captions are off until chosen");
      await page.click("button[aria-label='Captions']");
      const items = await page.locator("#player-cc-menu [role=menuitemradio]").allTextContents();
      assert.deepEqual(items, ["Off", "English", "Français"]);
      assert.equal(
        await page.locator("#player-cc-menu [aria-checked=true]").textContent(),
        "Off",
      );
      await page.screenshot({ path: await artifactPath("captions-menu-desktop.png") });
      await page.click("#player-cc-menu >> text=English");
      await page.waitForFunction(
        () => {
          const t = Array.from(document.querySelector("video")!.textTracks)
            .find((t) => t.mode === "showing");
          return !!t?.cues?.length;
        },
        null,
        { timeout: 15_000 },
      );
      assert.deepEqual(await shownCues(page), { lang: "en", cues: ["Hello from the captions"] });
      assert.equal(await page.evaluate(() => localStorage.getItem("vf-captions")), "en");
      await page.evaluate(() => document.querySelector("video")!.pause());
      await page.screenshot({ path: await artifactPath("captions-shown-desktop.png") });

      // The next visit shows English again without asking; `c` turns it off.
      await playFromClick(page, `${base}/v/${videoId}`);
      await page.waitForFunction(
        () =>
          Array.from(document.querySelector("video")!.textTracks)
            .some((t) => t.mode === "showing" && t.language === "en" && !!t.cues?.length),
        null,
        {
          timeout: 15_000,
        },
      );
      await page.keyboard.press("c");
      await page.waitForFunction(() =>
        Array.from(document.querySelector("video")!.textTracks).every((t) => t.mode !== "showing")
      );
      assert.equal(await page.evaluate(() => localStorage.getItem("vf-captions")), "off");
      await desktop.close();

      // The embed has the same menu.
      const embed = await browser.newContext({ ...DEVICES.phone, bypassCSP: true });
      const frame = await embed.newPage();
      frame.on("pageerror", (e) => errors.push(e.message));
      await playFromClick(frame, `${base}/embed/${videoId}`);
      await frame.click("button[aria-label='Captions']");
      await frame.click("#player-cc-menu >> text=Français");
      await frame.waitForFunction(
        () =>
          Array.from(document.querySelector("video")!.textTracks)
            .some((t) => t.mode === "showing" && !!t.cues?.length),
        null,
        { timeout: 15_000 },
      );
      assert.deepEqual(await shownCues(frame), { lang: "fr", cues: ["Bonjour des sous-titres"] });
      await frame.screenshot({ path: await artifactPath("captions-embed-phone.png") });
      await embed.close();

      // The owner's edit page: the thumbnail picker and the captions.
      const setup = await browser.newContext();
      const signin = await setup.newPage();
      const email = testEmail("thumbs");
      await signUpInBrowser(signin, base, { email, name: "Thumb Owner" });
      const cookies = await setup.cookies();
      await setup.close();
      const [{ id: ownerId }] = await sql<
        { id: string }[]
      >`select id from users where email = ${email}`;
      await sql`update videos set owner_id = ${ownerId} where id = ${videoId}`;
      const problems: string[] = [];
      for (const [device, options] of Object.entries(DEVICES)) {
        for (const colorScheme of ["light", "dark"] as const) {
          const ctx = await browser.newContext({ ...options, colorScheme, bypassCSP: true });
          await ctx.addCookies(cookies);
          const p = await ctx.newPage();
          p.on("pageerror", (e) => errors.push(e.message));
          await p.goto(`${base}/studio/videos/${videoId}`);
          await p.waitForSelector(".thumb-option img");
          await p.waitForFunction(() =>
            Array.from(document.querySelectorAll<HTMLImageElement>(".thumb-option img"))
              .every((i) => i.complete && i.naturalWidth > 0)
          );
          const label = `${device}-${colorScheme}`;
          await p.screenshot({
            path: await artifactPath(`thumbnails-edit-page-${label}.png`),
            fullPage: true,
          });
          problems.push(...await pageProblems(p, `edit ${label}`, { phone: device === "phone" }));
          await ctx.close();
        }
      }
      assert.deepEqual(problems, []);

      const ctx = await browser.newContext({ ...DEVICES.desktop, bypassCSP: true });
      await ctx.addCookies(cookies);
      const edit = await ctx.newPage();
      await edit.goto(`${base}/studio/videos/${videoId}`);
      const options = await edit.locator(".thumb-option span").allTextContents();
      assert.deepEqual(options, ["Automatic", "At 0:02", "At 0:04", "At 0:06"]);
      assert.equal(await edit.locator(".thumb-option input:checked").getAttribute("value"), "auto");
      await edit.click(".thumb-option:has-text('At 0:04')");
      await edit.click("button:has-text('Use this thumbnail')");
      await edit.waitForURL(/thumbnail=chosen/);
      assert.equal(await edit.locator(".thumb-option input:checked").getAttribute("value"), "f2");
      await edit.goto(`${base}/v/${videoId}`);
      const srcset = await edit.locator(".player-poster").getAttribute("srcset");
      assert.match(srcset ?? "", /thumbs\/f2-320\.jpg 320w, .*thumbs\/f2-640\.jpg 640w/);
      await ctx.close();
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  },
});
