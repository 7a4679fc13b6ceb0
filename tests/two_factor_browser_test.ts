/**
 * Two-factor and devices in Chromium: turn two-factor on reading the secret
 * from the page, sign out, sign in with the password and a code computed here
 * (otpauth, as a phone would), and see the devices on /settings. Each page is
 * screenshotted desktop+phone × light+dark into tests/artifacts/twofa-*.png
 * and checked with axe.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { seriousAxeProblems } from "./_harness/axe.ts";
import { artifactPath } from "./_harness/browser.ts";
import { DEVICES, openBrowserApp, signUpInBrowser } from "./_harness/browser_app.ts";
import { GOOD_PASSWORD, testEmail } from "./_harness/client.ts";
import { totpClock } from "./_harness/totp.ts";

const FIREFOX_WINDOWS =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0";

/** Screenshots the page as it is on each device and scheme; returns axe and overflow problems. */
async function shoot(page: Page, name: string, focus?: string): Promise<string[]> {
  const problems: string[] = [];
  for (const [device, options] of Object.entries(DEVICES)) {
    for (const colorScheme of ["light", "dark"] as const) {
      await page.setViewportSize(options.viewport);
      await page.emulateMedia({ colorScheme });
      if (focus) await page.locator(focus).scrollIntoViewIfNeeded();
      const label = `${name}-${device}-${colorScheme}`;
      await page.screenshot({
        path: await artifactPath(`twofa-${label}.png`),
        // A section scrolled into view is shot as seen (the sticky header would repeat otherwise).
        fullPage: !focus,
      });
      for (const p of await seriousAxeProblems(page)) {
        problems.push(`${label}: ${p.id} (${p.impact}) ${p.help} at ${p.targets.join(", ")}`);
      }
      const overflow = await page.evaluate(() =>
        document.documentElement.scrollWidth - document.documentElement.clientWidth
      );
      if (overflow > 1) problems.push(`${label}: wider than the viewport by ${overflow}px`);
    }
  }
  await page.setViewportSize(DEVICES.desktop.viewport);
  return problems;
}

Deno.test({
  name: "Chromium: two-factor on, sign in with a code, see the devices; screenshots and axe",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const { browser, base, close } = await openBrowserApp();
    try {
      const context = await browser.newContext({ bypassCSP: true });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
      const problems: string[] = [];
      const email = testEmail("twofa");

      await signUpInBrowser(page, base, { email: email, name: "Two Factor" });

      await page.goto(`${base}/settings`);
      await page.click("button:has-text('Set up two-factor sign-in')");
      await page.waitForURL(`${base}/settings/two-factor`);
      assert.equal(await page.locator(".qr-code svg").count(), 1, "the QR code is on the page");
      const secret = await page.locator(".totp-secret").getAttribute("data-secret");
      assert.match(secret ?? "", /^[A-Z2-7]{32}$/);
      assert.equal(
        (await page.locator(".totp-secret").textContent())?.replace(/\s/g, ""),
        secret,
        "the key is shown as text too",
      );
      problems.push(...await shoot(page, "setup"));
      const clock = await totpClock(secret!);
      await page.fill("#f-code", clock.codeAt(0));
      await page.click("button:has-text('Turn on two-factor sign-in')");
      await page.waitForSelector("h1:has-text('Two-factor sign-in is on')");
      const codes = await page.locator(".recovery-codes code").allTextContents();
      assert.equal(codes.length, 10);
      problems.push(...await shoot(page, "recovery-codes"));
      await page.click("a:has-text('I have saved them')");
      await page.waitForSelector("text=10 of 10 recovery codes left.");

      await page.click("summary.nav-user");
      await page.click(".menu-panel button:has-text('Sign out')");
      await page.waitForSelector("a[href='/signin']");
      await page.click("a[href='/signin']");
      await page.fill("#f-email", email);
      await page.fill("#f-password", GOOD_PASSWORD);
      await page.click("button[type=submit]:has-text('Sign in')");
      await page.waitForSelector("h1:has-text('Two-factor sign-in')");
      assert.equal(
        (await context.cookies()).some((c) => c.name === "vf_at" || c.name === "vf_rt"),
        false,
        "no session before the code",
      );
      problems.push(...await shoot(page, "signin-code"));
      await page.fill("#f-code", "000000");
      await page.click("button:has-text('Verify')");
      await page.waitForSelector(".form-error");
      // The wrong code's page came with a 401 on purpose, which the console reports.
      assert.deepEqual(errors.splice(0), [
        "Failed to load resource: the server responded with a status of 401 (Unauthorized)",
      ]);
      await page.fill("#f-code", clock.codeAt(1));
      await page.click("button:has-text('Verify')");
      await page.waitForSelector(".nav-user");

      // A second device signs in through the API with a recovery code.
      const pw = await fetch(`${base}/api/v1/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": FIREFOX_WINDOWS },
        body: JSON.stringify({ email, password: GOOD_PASSWORD, session: "token" }),
      });
      assert.equal(pw.status, 202);
      const { secondFactor } = await pw.json();
      const second = await fetch(`${base}/api/v1/auth/login/second-factor`, {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": FIREFOX_WINDOWS },
        body: JSON.stringify({
          challenge: secondFactor.challenge,
          code: codes[0],
          session: "token",
        }),
      });
      assert.equal(second.status, 200);
      await second.body?.cancel();

      await page.goto(`${base}/settings#sessions`);
      const items = page.locator(".session-item");
      assert.equal(await items.count(), 2);
      assert.match(
        await page.locator(".session-list").textContent() ?? "",
        /Firefox 140 on Windows/,
      );
      assert.match(await page.locator(".session-list").textContent() ?? "", /This device/);
      assert.match(await page.locator("#two-factor").textContent() ?? "", /9 of 10/);
      problems.push(...await shoot(page, "settings-sessions", "#sessions"));
      await page.click("button:has-text('Sign out all other devices')");
      await page.waitForSelector("text=Every other device has been signed out.");
      assert.equal(await page.locator(".session-item").count(), 1);
      assert.deepEqual(problems, []);
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  },
});
