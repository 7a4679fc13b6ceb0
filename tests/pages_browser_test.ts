/**
 * Every page a person sees, in Chromium: desktop and phone, light and dark.
 * Each is screenshotted into tests/artifacts/ (pages-<page>-<device>-<scheme>.png,
 * to be looked at), checked with axe-core for serious accessibility problems,
 * and watched for console errors and horizontal overflow on a phone.
 */
import assert from "node:assert/strict";
import { pageProblems } from "./_harness/axe.ts";
import { artifactPath } from "./_harness/browser.ts";
import { DEVICES, openBrowserApp } from "./_harness/browser_app.ts";
import { GOOD_PASSWORD, testEmail } from "./_harness/client.ts";
import { readyPublicVideo } from "./_harness/videos.ts";
import { notify } from "../lib/notifications/notify.ts";

Deno.test({
  name: "pages: desktop and phone, light and dark — screenshots, axe, no console errors",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const { services, browser, base, close } = await openBrowserApp();
    try {
      const sql = services.db.sql;
      const videoId = await readyPublicVideo(
        { sql, storage: services.storage, dir: services.dir },
        { width: 320, height: 180, durationS: 3 },
      );
      await sql`update videos set title = 'A walk by the sea', description = 'Waves and wind.',
        tags = ${["sea", "walk"]}, category = 'travel' where id = ${videoId}`;

      // A creator who owns the video, signed in through the real form once.
      const email = testEmail("pages");
      const setup = await browser.newContext();
      const signup = await setup.newPage();
      await signup.goto(`${base}/signup`);
      await signup.fill("#f-email", email);
      await signup.fill("#f-displayName", "Page Tester");
      await signup.fill("#f-password", GOOD_PASSWORD);
      await signup.click("button[type=submit]:has-text('Sign up')");
      // Sign-up signs nobody in (it answers alike for taken addresses): sign in next.
      await signup.waitForURL(`${base}/signin?signed_up=1`);
      await signup.fill("#f-email", email);
      await signup.fill("#f-password", GOOD_PASSWORD);
      await signup.click("button[type=submit]:has-text('Sign in')");
      await signup.waitForURL(`${base}/`);
      const cookies = await setup.cookies();
      await setup.close();
      const [{ id: userId }] = await sql<{ id: string }[]>`
        select id from users where email = ${email}`;
      await sql`update videos set owner_id = ${userId} where id = ${videoId}`;
      // Something on the notifications page (and a count on the bell elsewhere).
      await notify(sql, userId, {
        kind: "video_ready",
        videoId,
        data: { title: "A walk by the sea" },
      });
      await notify(sql, userId, {
        kind: "video_failed",
        data: { title: "Draft", reason: "The file has no video stream." },
      });

      const pages = {
        anonymous: {
          home: "/",
          signin: "/signin",
          signup: "/signup",
          watch: `/v/${videoId}`,
          search: "/search?q=sea",
          tag: "/tags/sea",
          category: "/c/travel",
          embed: `/embed/${videoId}`,
        },
        signedIn: {
          upload: "/upload",
          studio: "/studio",
          edit: `/studio/videos/${videoId}`,
          profile: "/profile",
          settings: "/settings",
          channel: `/u/${userId}`,
          notifications: "/notifications",
          notificationSettings: "/settings/notifications",
          data: "/settings/data",
        },
      };
      const problems: string[] = [];
      for (const [device, options] of Object.entries(DEVICES)) {
        for (const colorScheme of ["light", "dark"] as const) {
          for (const [who, paths] of Object.entries(pages)) {
            const context = await browser.newContext({ ...options, colorScheme, bypassCSP: true });
            if (who === "signedIn") await context.addCookies(cookies);
            const page = await context.newPage();
            const errors: string[] = [];
            page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
            page.on("pageerror", (e) => errors.push(e.message));
            page.on("response", (r) => {
              if (r.status() >= 400) errors.push(`${r.status()} ${new URL(r.url()).pathname}`);
            });
            for (const [name, path] of Object.entries(paths)) {
              const res = await page.goto(base + path);
              assert.equal(res?.status(), 200, `${name} ${path}`);
              await page.waitForSelector("html[data-hydrated='true']", { timeout: 10_000 });
              const label = `${name}-${device}-${colorScheme}${who === "signedIn" ? "-in" : ""}`;
              await page.screenshot({ path: await artifactPath(`pages-${label}.png`) });
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
