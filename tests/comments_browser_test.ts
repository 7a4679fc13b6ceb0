/**
 * Comments in Chromium: sign in, comment, reply, expand replies and edit
 * without a reload, by mouse and by keyboard; screenshots of the watch page's
 * comments (desktop and phone, light and dark) into tests/artifacts/, axe clean.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { pageProblems } from "./_harness/axe.ts";
import { artifactPath } from "./_harness/browser.ts";
import { DEVICES, openBrowserApp, signUpInBrowser } from "./_harness/browser_app.ts";
import { testEmail } from "./_harness/client.ts";
import { addUser } from "./_harness/search_catalog.ts";
import { readyPublicVideo } from "./_harness/videos.ts";

const stillSamePage = (page: Page) =>
  page.evaluate(() => (window as unknown as { marker?: number }).marker === 42);

Deno.test({
  name: "comments in the browser: post, reply, expand, edit without reload; screenshots; axe",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const { services, browser, base, close } = await openBrowserApp();
    try {
      const sql = services.db.sql;
      const videoId = await readyPublicVideo(
        { sql, storage: services.storage, dir: services.dir },
        { width: 320, height: 180, durationS: 2 },
      );
      const creator = await addUser(sql, "Sea Channel");
      const fan = await addUser(sql, "Marine Fan");
      await sql`update videos set title = 'A walk by the sea', owner_id = ${creator}
        where id = ${videoId}`;
      const [pinned] = await sql<{ id: string }[]>`
        insert into comments (video_id, author_id, body, pinned_at, created_at)
        values (${videoId}, ${creator}, 'Thanks for watching! More at https://example.com/sea',
                now(), now() - interval '2 days') returning id`;
      const [thread] = await sql<{ id: string }[]>`
        insert into comments (video_id, author_id, body, created_at)
        values (${videoId}, ${fan}, ${"Lovely waves.\nWhere was this filmed?"},
                now() - interval '1 day') returning id`;
      await sql`insert into comments (video_id, author_id, parent_id, body)
        values (${videoId}, ${creator}, ${thread.id}, 'In Brittany, last spring.')`;
      assert.ok(pinned.id);

      // Sign up through the real form.
      const email = testEmail("comments");
      const context = await browser.newContext();
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
      page.on("dialog", (d) => d.accept());
      await signUpInBrowser(page, base, { email: email, name: "Page Tester" });

      await page.goto(`${base}/v/${videoId}`);
      await page.waitForSelector("html[data-hydrated='true']");
      await page.evaluate(() => (window as unknown as { marker: number }).marker = 42);
      assert.equal(await page.locator("#comments-title").textContent(), "3 comments");

      // Comment with the keyboard: type, Tab to the button, Enter.
      await page.focus("#new-comment");
      await page.keyboard.type("Beautiful light at 0:42");
      await page.keyboard.press("Tab");
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Comment");
      await page.keyboard.press("Enter");
      const posted = page.locator("li.comment", { hasText: "Beautiful light at 0:42" });
      await posted.waitFor();
      const mine = page.locator(`#${await posted.getAttribute("id")}`);
      await page.locator("#comments-title", { hasText: "4 comments" }).waitFor();

      // Reply to the fan's thread (keyboard: Tab from the comment's Reply button).
      const fanThread = page.locator(`#comment-${thread.id}`);
      await fanThread.locator("button", { hasText: /^Reply$/ }).first().focus();
      await page.keyboard.press("Enter");
      // The reply box opens with the focus in it.
      await page.waitForFunction(() => document.activeElement?.id.startsWith("reply-"));
      await page.keyboard.type("Same question!");
      await page.keyboard.press("Enter"); // a new line in the text box
      await fanThread.locator("form button[type=submit]").click();
      await fanThread.locator(".comment-replies li", { hasText: "Same question!" }).waitFor();
      await page.locator("#comments-title", { hasText: "5 comments" }).waitFor();

      // Hide and expand the replies.
      const toggle = fanThread.locator(".comment-replies-toggle");
      await toggle.click();
      assert.equal(await toggle.textContent(), "2 replies");
      assert.equal(await toggle.getAttribute("aria-expanded"), "false");
      await toggle.press("Enter");
      await fanThread.locator(".comment-replies li", { hasText: "In Brittany" }).waitFor();

      // Edit my comment.
      await mine.locator("button", { hasText: "Edit" }).click();
      const box = mine.locator("textarea");
      await box.fill("Beautiful light at 0:42 (and the gulls!)");
      await mine.locator("button", { hasText: "Save" }).click();
      await mine.locator(".comment-tag", { hasText: "edited" }).waitFor();
      assert.match(await mine.locator(".comment-body").textContent() ?? "", /gulls/);
      assert.ok(await stillSamePage(page), "no reload happened");

      // After a reload, everything is there from the server.
      await page.reload();
      await page.waitForSelector("html[data-hydrated='true']");
      assert.equal(await page.locator("#comments-title").textContent(), "5 comments");
      assert.ok(await page.locator(".comment-tag", { hasText: "Pinned" }).count() === 1);
      // One of the tester's comments waits for review: only they (and the creator) see it.
      await sql`insert into comments (video_id, author_id, body, status, held_reason)
        select ${videoId}, id, 'A word the list holds back', 'held', 'blocked_word'
        from users where email = ${email}`;
      const cookies = await context.cookies();
      await context.close();
      assert.deepEqual(errors, []);

      // Screenshots and axe, signed in with replies expanded: as a member, then as the
      // video's creator (settings, approve, pin).
      const problems: string[] = [];
      for (const who of ["member", "creator"]) {
        if (who === "creator") {
          await sql`update videos set owner_id = (select id from users where email = ${email})
            where id = ${videoId}`;
        }
        for (const [device, options] of Object.entries(DEVICES)) {
          for (const colorScheme of ["light", "dark"] as const) {
            const ctx = await browser.newContext({ ...options, colorScheme, bypassCSP: true });
            await ctx.addCookies(cookies);
            const p = await ctx.newPage();
            await p.goto(`${base}/v/${videoId}`);
            await p.waitForSelector("html[data-hydrated='true']");
            await p.locator(`#comment-${thread.id} .comment-replies-toggle`).click();
            await p.locator(`#comment-${thread.id} .comment-replies li`).first().waitFor();
            await p.locator(".comment-tag", { hasText: "Awaiting review" }).waitFor();
            if (who === "creator") await p.locator(".comments-settings").waitFor();
            await p.evaluate(() => scrollTo(0, 0));
            const label = `${who}-${device}-${colorScheme}`;
            await p.screenshot({
              path: await artifactPath(`comments-${label}.png`),
              fullPage: true,
            });
            problems.push(...await pageProblems(p, label, { phone: device === "phone" }));
            await ctx.close();
          }
        }
      }
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  },
});
