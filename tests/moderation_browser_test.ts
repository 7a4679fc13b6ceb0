/**
 * Moderation in Chromium: with pre-moderation on, a creator's upload waits in
 * review; a moderator plays its preview in the queue and approves it; the
 * video then appears publicly. Then every admin page (and the pages this
 * feature changed), desktop and phone × light and dark: screenshots into
 * tests/artifacts/moderation-*.png, axe, console errors, phone overflow.
 */
import assert from "node:assert/strict";
import { ensureInstanceSettings } from "../lib/moderation/settings.ts";
import { enqueueTranscode } from "../lib/videos/transcode_job.ts";
import { pageProblems } from "./_harness/axe.ts";
import { artifactPath } from "./_harness/browser.ts";
import { DEVICES, openBrowserApp, signUpAccount as signUp } from "./_harness/browser_app.ts";
import { makeClip } from "./_harness/clips.ts";
import { waitForState } from "./_harness/moderation.ts";

Deno.test({
  name: "moderation in Chromium: approve from the queue with the preview playing; admin pages",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const { services, browser, base, close } = await openBrowserApp();
    try {
      const sql = services.db.sql;
      await ensureInstanceSettings(sql, { moderation: "pre", registration: "open" });
      const creator = await signUp(browser, base, "Creator Cleo");
      const moderator = await signUp(browser, base, "Moderator Mo");
      const admin = await signUp(browser, base, "Admin Ada");
      const idOf = async (email: string) =>
        (await sql<{ id: string }[]>`select id from users where email = ${email}`)[0].id;
      const [creatorId, moderatorId, adminId] = await Promise.all(
        [creator, moderator, admin].map((a) => idOf(a.email)),
      );
      await sql`update users set role = 'moderator' where id = ${moderatorId}`;
      await sql`update users set role = 'admin' where id = ${adminId}`;

      // The creator's upload (stored source, queued as upload completion does).
      const clip = await makeClip(`${services.dir}/c.mp4`, {
        width: 320,
        height: 180,
        durationS: 4,
      });
      const [video] = await sql<{ id: string }[]>`
        insert into videos (owner_id, title, description, tags, status, visibility)
        values (${creatorId}, 'Harbour at dawn', 'Boats leaving the harbour.', ${["sea"]},
          'uploaded', 'public') returning id`;
      const key = `raw/${video.id}/source`;
      await services.storage.put(key, await Deno.readFile(clip));
      await sql`update videos set source_key = ${key} where id = ${video.id}`;
      await enqueueTranscode(sql, video.id);
      await waitForState(sql, video.id, "in_review");

      const anon = await browser.newContext();
      const visitor = await anon.newPage();
      assert.equal((await visitor.goto(`${base}/v/${video.id}`))?.status(), 404);

      const modContext = await browser.newContext();
      await modContext.addCookies(moderator.cookies);
      const mod = await modContext.newPage();
      mod.on("console", (m) => console.log("CONSOLE", m.type(), m.text()));
      mod.on("response", (r) => r.status() >= 400 && console.log("RESP", r.status(), r.url()));
      await mod.goto(`${base}/`);
      // Admin is in the account menu.
      await mod.click("summary.nav-user");
      await mod.click("a[href='/admin']");
      await mod.click(".admin-tabs a[href='/admin/review']");
      await mod.waitForSelector("html[data-hydrated='true']");
      assert.match(
        await mod.textContent(".review-item") ?? "",
        /Harbour at dawn[\s\S]*Creator Cleo/,
      );
      await mod.click(".review-item .player-big-play");
      await mod.waitForFunction(
        () => (document.querySelector(".review-item video") as HTMLVideoElement)?.currentTime > 1,
        undefined,
        { timeout: 30_000 },
      );
      await mod.screenshot({ path: await artifactPath("moderation-queue-playing.png") });
      await mod.click("button:has-text('Approve and publish')");
      await mod.waitForURL(`${base}/admin/review?done=approve`);
      assert.match(await mod.textContent("main") ?? "", /Nothing waits for review/);
      await modContext.close();

      assert.equal((await visitor.goto(`${base}/v/${video.id}`))?.status(), 200);
      await visitor.goto(`${base}/`);
      assert.match(await visitor.textContent("main") ?? "", /Harbour at dawn/);
      await anon.close();

      // Material for the other pages: a rejected video, a report, audit entries, a dead job.
      const [rejected] = await sql<{ id: string }[]>`
        insert into videos (owner_id, title, status, status_reason, review_required)
        values (${creatorId}, 'Blurry test', 'rejected', 'The picture is out of focus.', true)
        returning id`;
      await sql`insert into videos (owner_id, title, description, status, review_required,
          duration_s)
        values (${creatorId}, 'Night market walk with a very long title that has to wrap nicely',
          'Stalls and lanterns.', 'in_review', true, 754)`;
      await sql`insert into reports (reporter_id, target_kind, target_id, reason, details)
        values (${moderatorId}, 'video', ${video.id}, 'misleading', 'The title says dawn.')`;
      await sql`insert into jobs (kind, payload, state, owner_id, error, finished_at)
        values ('transcode', '{}', 'dead', ${creatorId}, 'ffmpeg exited with code 1', now())`;

      const pages: Record<
        string,
        { cookies: typeof admin.cookies; paths: Record<string, string> }
      > = {
        admin: {
          cookies: admin.cookies,
          paths: {
            dashboard: "/admin",
            review: "/admin/review",
            reports: "/admin/reports",
            users: "/admin/users",
            videos: "/admin/videos",
            jobs: "/admin/jobs",
            settings: "/admin/settings",
            audit: "/admin/audit",
          },
        },
        moderator: { cookies: moderator.cookies, paths: { "mod-dashboard": "/admin" } },
        creator: {
          cookies: creator.cookies,
          paths: { "studio-rejected": `/studio/videos/${rejected.id}` },
        },
      };
      const problems: string[] = [];
      for (const [device, options] of Object.entries(DEVICES)) {
        for (const colorScheme of ["light", "dark"] as const) {
          for (const [who, { cookies, paths }] of Object.entries(pages)) {
            const context = await browser.newContext({ ...options, colorScheme, bypassCSP: true });
            await context.addCookies(cookies);
            const page = await context.newPage();
            const errors: string[] = [];
            page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
            page.on("pageerror", (e) => errors.push(e.message));
            for (const [name, path] of Object.entries(paths)) {
              const res = await page.goto(base + path);
              assert.equal(res?.status(), 200, `${who} ${path}`);
              await page.waitForSelector("html[data-hydrated='true']", { timeout: 10_000 });
              const label = `${name}-${device}-${colorScheme}`;
              await page.screenshot({
                path: await artifactPath(`moderation-${label}.png`),
                fullPage: true,
              });
              problems.push(...await pageProblems(page, label, { phone: device === "phone" }));
            }
            problems.push(...errors.map((e) => `${who} ${device} ${colorScheme}: console: ${e}`));
            await context.close();
          }
        }
      }
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  },
});
