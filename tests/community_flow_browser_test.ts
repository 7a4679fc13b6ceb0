/**
 * The community flow in one Chromium session, as the seeds describe it:
 * browse → watch → like → comment → reply → save to Watch later → play the
 * playlist through → follow the creator → their new video is in /feed, and
 * the creator heard about the comment. Every step happens without a reload.
 */
import assert from "node:assert/strict";
import { DEVICES, openBrowserApp, signUpInBrowser } from "./_harness/browser_app.ts";
import { testEmail } from "./_harness/client.ts";
import { addPlayableVideo } from "./_harness/community.ts";
import { readyPublicVideo } from "./_harness/videos.ts";

Deno.test({
  name: "community flow: like, comment, reply, Watch later, play the list, follow, /feed",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const { services, browser, base, close } = await openBrowserApp();
    try {
      const sql = services.db.sql;
      const deps = { sql, storage: services.storage, dir: services.dir };
      const clip = { width: 320, height: 180, durationS: 2 };
      const one = await readyPublicVideo(deps, clip);
      const two = await readyPublicVideo(deps, clip);
      const [cora] = await sql<{ id: string }[]>`insert into users (email, password_hash,
        display_name) values (${testEmail("cora")}, 'x', 'Cora Creator') returning id`;
      await sql`update videos set owner_id = ${cora.id},
        title = case when id = ${one} then 'Clip one' else 'Clip two' end
        where id in (${one}, ${two})`;

      const context = await browser.newContext({ ...DEVICES.desktop });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await signUpInBrowser(page, base, { email: testEmail("viewer"), name: "Vic Viewer" });

      // Browse → watch.
      await page.getByRole("link", { name: /Clip one/ }).first().click();
      await page.waitForURL(`${base}/v/${one}`);
      await page.waitForSelector("html[data-hydrated='true']");
      await page.evaluate(() => (globalThis as unknown as { kept: boolean }).kept = true);
      const kept = () => page.evaluate(() => "kept" in globalThis);

      // Like.
      await page.locator(".reactions button[name=reaction]").first().click();
      await page.getByRole("button", { name: "Like 1 like", pressed: true }).waitFor();

      // Comment, then reply to it.
      await page.fill("#new-comment", "Lovely colours");
      await page.locator("button[type=submit]", { hasText: /^Comment$/ }).click();
      const posted = page.locator("li.comment", { hasText: "Lovely colours" });
      await posted.waitFor();
      await posted.locator("button", { hasText: /^Reply$/ }).first().click();
      await page.waitForFunction(() => document.activeElement?.id.startsWith("reply-"));
      await page.keyboard.type("And the music!");
      await posted.locator("form button[type=submit]").click();
      await posted.locator(".comment-replies li", { hasText: "And the music!" }).waitFor();
      assert.ok(await kept(), "liking, commenting and replying reloaded nothing");

      // Save both clips to Watch later.
      for (const id of [one, two]) {
        if (id !== one) {
          await page.goto(`${base}/v/${id}`);
          await page.waitForSelector("html[data-hydrated='true']");
          await page.evaluate(() => (globalThis as unknown as { kept: boolean }).kept = true);
        }
        await page.getByRole("button", { name: "Save", exact: true }).click();
        await page.getByRole("checkbox", { name: /Watch later/ }).check();
        await page.getByRole("status").filter({ hasText: "Saved to Watch later." }).waitFor();
        await page.keyboard.press("Escape");
      }
      // Follow the creator from the watch page.
      await page.locator(".watch-owner .follow-button").click();
      await page.locator(".watch-owner .follower-count").filter({ hasText: "1 follower" })
        .waitFor();
      assert.ok(await kept(), "saving and following reloaded nothing");

      // Play the list: the first clip ends and the second opens in the list.
      await page.goto(`${base}/playlists`);
      await page.getByRole("link", { name: "Watch later" }).click();
      await page.waitForURL(/\/p\//);
      await page.getByRole("link", { name: "Play all" }).click();
      await page.waitForURL(new RegExp(`/v/${one}\\?list=`));
      await page.waitForSelector("html[data-hydrated='true']");
      await page.click(".player-big-play");
      await page.waitForURL(new RegExp(`/v/${two}\\?list=`), { timeout: 30_000 });

      // The creator posts a new video: it is in the viewer's /feed.
      await addPlayableVideo(sql, cora.id, { title: "Harbour at dawn" });
      await page.goto(`${base}/feed`);
      await page.getByText("Harbour at dawn").first().waitFor();

      // The creator heard about the comment; the viewer's reply to themself told nobody.
      const told = await sql`select kind, data->>'excerpt' as excerpt from notifications
        where user_id = ${cora.id} and kind = 'video_comment' order by id`;
      assert.deepEqual(told.map((r) => r.excerpt), ["Lovely colours", "And the music!"]);
      assert.deepEqual(errors, []);
      await context.close();
    } finally {
      await close();
    }
  },
});
