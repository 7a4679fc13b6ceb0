/**
 * The mail pages in Chromium: "Forgot password?" from the sign-in page to
 * signed in with the new password (the link read from a loopback SMTP
 * server), and screenshots of every new page — desktop and phone, light and
 * dark — checked with axe-core.
 */
import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { issueAccountToken } from "../lib/auth/account_tokens.ts";
import { listOutbox } from "../lib/mail/mod.ts";
import { pageProblems } from "./_harness/axe.ts";
import { artifactPath } from "./_harness/browser.ts";
import { DEVICES, openBrowserApp } from "./_harness/browser_app.ts";
import { GOOD_PASSWORD, testEmail } from "./_harness/client.ts";
import { linkIn, startSmtpInbox } from "./_harness/smtp.ts";

const NEW_PASSWORD = "a freshly chosen passphrase";
const pathOf = (link: string) => new URL(link).pathname + new URL(link).search;

async function signUpAndIn(browser: Browser, base: string, email: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/signup`);
  await page.fill("#f-email", email);
  await page.fill("#f-displayName", "Mail Tester");
  await page.fill("#f-password", GOOD_PASSWORD);
  await page.click("button[type=submit]:has-text('Sign up')");
  await page.waitForURL(`${base}/signin?signed_up=1`);
  assert.match(await page.locator(".form-notice").textContent() ?? "", /Check your inbox/);
  await page.fill("#f-email", email);
  await page.fill("#f-password", GOOD_PASSWORD);
  await page.click("button[type=submit]:has-text('Sign in')");
  await page.waitForURL(`${base}/`);
  const cookies = await context.cookies();
  await context.close();
  return cookies;
}

Deno.test({
  name: "forgot password in Chromium: sign-in page → mail over SMTP → new password → signed in",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const inbox = await startSmtpInbox();
    const { browser, base, close } = await openBrowserApp({
      env: { SMTP_URL: inbox.url, JOB_RETRY_BASE_S: "0.05", WORKER_POLL_MS: "50" },
    });
    try {
      const email = testEmail("forgetful");
      await signUpAndIn(browser, base, email);
      const page = await (await browser.newContext()).newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(`${base}/signin`);
      await page.click("a:has-text('Forgot password?')");
      await page.waitForURL(`${base}/forgot`);
      await page.fill("#f-email", email);
      await page.click("button[type=submit]:has-text('Mail me a link')");
      assert.match(await page.locator(".form-notice").textContent() ?? "", /If an account uses/);

      const mail = await inbox.waitFor((m) =>
        m.envelope.to.includes(email) && /Reset/.test(m.subject)
      );
      await page.goto(base + pathOf(linkIn(mail, "/reset")));
      await page.fill("#f-newPassword", NEW_PASSWORD);
      await page.click("button[type=submit]:has-text('Set new password')");
      await page.waitForURL(`${base}/signin?reset=1`);
      assert.match(await page.locator(".form-notice").textContent() ?? "", /every session ended/);
      await page.fill("#f-email", email);
      await page.fill("#f-password", NEW_PASSWORD);
      await page.click("button[type=submit]:has-text('Sign in')");
      await page.waitForURL(`${base}/`);
      assert.equal(await page.locator(".nav-user").textContent(), "Mail Tester");
      assert.deepEqual(errors, []);
    } finally {
      await close();
      await inbox.close();
    }
  },
});

Deno.test({
  name: "mail pages: desktop and phone, light and dark — screenshots, axe, no console errors",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    // The embedded default, in `deno task dev`: mail in the outbox, read at /dev/mail.
    const { services, browser, base, close } = await openBrowserApp({
      env: { DEV_MAIL_VIEWER: "true", WORKER_POLL_MS: "50" },
    });
    try {
      const sql = services.db.sql;
      const email = testEmail("shots");
      const cookies = await signUpAndIn(browser, base, email);
      const [{ id: userId }] = await sql<
        { id: string }[]
      >`select id from users where email = ${email}`;
      let messageId = "";
      for (let i = 0; i < 200 && !messageId; i++) {
        const [m] = await listOutbox(services.config.mail.outboxDir, { limit: 1 });
        messageId = m?.id ?? "";
        if (!messageId) await new Promise((r) => setTimeout(r, 50));
      }
      assert.ok(messageId, "the sign-up mail reached the outbox");

      const problems: string[] = [];
      for (const [device, options] of Object.entries(DEVICES)) {
        for (const colorScheme of ["light", "dark"] as const) {
          const pages: Record<string, { path: string; status?: number; signedIn?: boolean }> = {
            // Before verify-ok: it shows the unconfirmed state with "Send a new link".
            "email-settings": { path: "/settings/email", signedIn: true },
            forgot: { path: "/forgot" },
            "signin-notice": { path: "/signin?signed_up=1" },
            reset: {
              path: `/reset?token=${await issueAccountToken(sql, userId, { purpose: "reset" })}`,
            },
            "reset-bad": { path: "/reset?token=tampered", status: 400 },
            "verify-ok": {
              path: `/verify?token=${await issueAccountToken(sql, userId, { purpose: "verify" })}`,
            },
            "verify-bad": { path: "/verify?token=tampered", status: 400 },
            "dev-mail": { path: "/dev/mail" },
            "dev-mail-message": { path: `/dev/mail/${messageId}` },
          };
          await sql`update users set email_verified_at = null where id = ${userId}`;
          for (const [name, p] of Object.entries(pages)) {
            const context = await browser.newContext({ ...options, colorScheme, bypassCSP: true });
            if (p.signedIn) await context.addCookies(cookies);
            const page = await context.newPage();
            const errors: string[] = [];
            page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
            page.on("pageerror", (e) => errors.push(e.message));
            const res = await page.goto(base + p.path);
            assert.equal(res?.status(), p.status ?? 200, `${name} ${p.path}`);
            await page.waitForSelector("html[data-hydrated='true']", { timeout: 10_000 });
            const label = `${name}-${device}-${colorScheme}`;
            await page.screenshot({
              path: await artifactPath(`mail-${label}.png`),
              fullPage: true,
            });
            problems.push(...await pageProblems(page, label, { phone: device === "phone" }));
            // A 400 page logs its own status as a console error; nothing else may.
            const unexpected = errors.filter((e) => !(p.status && /status of 400/.test(e)));
            problems.push(...unexpected.map((e) => `${label}: console: ${e}`));
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
