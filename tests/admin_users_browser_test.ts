/**
 * Account administration in Chromium: an admin bans a user for 7 days from
 * the account's page, warns another, creates an account (its set-password
 * mail arrives at a loopback SMTP server) and edits the blocked words; then
 * the users list, an account's page, the settings page and the warned user's
 * settings page, desktop and phone × light and dark: screenshots into
 * tests/artifacts/admin-users-*.png, axe, console errors, phone overflow.
 */
import assert from "node:assert/strict";
import { pageProblems } from "./_harness/axe.ts";
import { artifactPath } from "./_harness/browser.ts";
import { DEVICES, openBrowserApp, signUpAccount as signUp } from "./_harness/browser_app.ts";
import { testEmail } from "./_harness/client.ts";
import { startSmtpInbox } from "./_harness/smtp.ts";

Deno.test({
  name: "account administration in Chromium: ban for 7 days, warn, create an account (mail), pages",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const inbox = await startSmtpInbox();
    const { services, browser, base, close } = await openBrowserApp({
      env: {
        SMTP_URL: inbox.url,
        MAIL_FROM: "VideoFlow Test <no-reply@videoflow.test>",
        WORKER_POLL_MS: "50",
      },
    });
    try {
      const sql = services.db.sql;
      const admin = await signUp(browser, base, "Admin Ada");
      const banned = await signUp(browser, base, "Spammy Sam");
      const warned = await signUp(browser, base, "Wanda Warned");
      const idOf = async (email: string) =>
        (await sql<{ id: string }[]>`select id from users where email = ${email}`)[0].id;
      await sql`update users set role = 'admin' where email = ${admin.email}`;
      const [bannedId, warnedId] = [await idOf(banned.email), await idOf(warned.email)];
      await sql`update users set video_quota = ${5 * 1024 ** 3} where id = ${warnedId}`;
      await sql`insert into two_factor (user_id, secret_box, confirmed_at)
        values (${warnedId}, 'sealed', now())`;

      const context = await browser.newContext({ bypassCSP: true });
      await context.addCookies(admin.cookies);
      const page = await context.newPage();
      // Ban Sam for 7 days from his page, reached from the list.
      await page.goto(`${base}/admin/users?q=Spammy`);
      await page.click(`a[href='/admin/users/${bannedId}']`);
      await page.fill("form[action$='/ban'] input[name=reason]", "Posting spam links");
      await page.selectOption("form[action$='/ban'] select[name=days]", "7");
      await page.click("form[action$='/ban'] button[type=submit]");
      await page.waitForURL(`${base}/admin/users/${bannedId}?done=banned`);
      const [{ until }] = await sql<{ until: Date }[]>`
        select ban_expires_at as until from users where id = ${bannedId}`;
      const when = until.toISOString().slice(0, 16).replace("T", " ");
      assert.match(await page.textContent("main") ?? "", new RegExp(`Banned until ${when} UTC`));
      // Warn Wanda.
      await page.goto(`${base}/admin/users/${warnedId}`);
      await page.fill("form[action$='/warn'] input[name=reason]", "Keep the comments civil.");
      await page.click("form[action$='/warn'] button[type=submit]");
      await page.waitForURL(`${base}/admin/users/${warnedId}?done=warned`);
      // Create an account; its mail arrives.
      await page.goto(`${base}/admin/users`);
      const newEmail = testEmail("newbie");
      await page.fill("form#create-user input[name=email]", newEmail);
      await page.fill("form#create-user input[name=displayName]", "Newbie Nell");
      await page.selectOption("form#create-user select[name=role]", "viewer");
      await page.click("form#create-user button[type=submit]");
      await page.waitForURL(/\/admin\/users\/[0-9a-f-]{36}\?done=created$/);
      assert.match(await page.textContent("main") ?? "", /Newbie Nell/);
      const mail = await inbox.waitFor((m) => m.envelope.to.includes(newEmail));
      assert.match(mail.subject, /An account was created for you/);
      assert.match(mail.text, /\/reset\?token=[\w-]{43}/);
      // Blocked words, added through the settings form.
      await page.goto(`${base}/admin/settings`);
      await page.fill("#blocked-add", "cheap pills, spam\nscam");
      await page.click("form[action='/admin/settings/blocked-words'] button[type=submit]");
      await page.waitForURL(`${base}/admin/settings?saved=1#blocked-h`);
      assert.match(await page.textContent(".admin-words") ?? "", /cheap pills[\s\S]*scam/);
      await context.close();

      const shots: { who: typeof admin; paths: Record<string, string> }[] = [
        {
          who: admin,
          paths: {
            users: "/admin/users",
            "user-banned": `/admin/users/${bannedId}`,
            "user-warned": `/admin/users/${warnedId}`,
            settings: "/admin/settings",
          },
        },
        { who: warned, paths: { "account-settings": "/settings" } },
      ];
      const problems: string[] = [];
      for (const [device, options] of Object.entries(DEVICES)) {
        for (const colorScheme of ["light", "dark"] as const) {
          for (const { who, paths } of shots) {
            const ctx = await browser.newContext({ ...options, colorScheme, bypassCSP: true });
            await ctx.addCookies(who.cookies);
            const p = await ctx.newPage();
            const errors: string[] = [];
            p.on("console", (m) => m.type() === "error" && errors.push(m.text()));
            p.on("pageerror", (e) => errors.push(e.message));
            for (const [name, path] of Object.entries(paths)) {
              const res = await p.goto(base + path);
              assert.equal(res?.status(), 200, path);
              await p.waitForSelector("html[data-hydrated='true']", { timeout: 10_000 });
              const label = `${name}-${device}-${colorScheme}`;
              await p.screenshot({
                path: await artifactPath(`admin-users-${label}.png`),
                fullPage: true,
              });
              problems.push(...await pageProblems(p, label, { phone: device === "phone" }));
            }
            problems.push(...errors.map((e) => `${device} ${colorScheme}: console: ${e}`));
            await ctx.close();
          }
        }
      }
      assert.deepEqual(problems, []);
    } finally {
      await close();
      await inbox.close();
    }
  },
});
