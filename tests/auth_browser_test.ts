/** Sign up and sign in through the pages in headless Chromium. */
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import { buildIslands } from "../lib/islands/build.ts";
import { artifactPath, launchBrowser } from "./_harness/browser.ts";
import { GOOD_PASSWORD, testEmail } from "./_harness/client.ts";
import { openTestServices } from "./_harness/services.ts";

Deno.test({
  name: "Chromium signs up, signs out and signs in through the pages; the header follows",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const services = await openTestServices();
    const islands = await buildIslands(new URL("../islands/", import.meta.url), {
      outDir: `${services.dir}/islands`,
    });
    const server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen() {} },
      createApp(services, { islands }).fetch,
    );
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      const base = `http://127.0.0.1:${server.addr.port}`;
      const email = testEmail("chromium");

      await page.goto(`${base}/`);
      await page.click("a[href='/signup']");
      await page.waitForURL(`${base}/signup`);
      await page.fill("#f-email", email);
      await page.fill("#f-displayName", "Chromium Ada");
      await page.fill("#f-password", "short");
      await page.click("button[type=submit]:has-text('Sign up')");
      assert.match(await page.locator(".field-error").first().textContent() ?? "", /at least 10/);
      assert.equal(await page.inputValue("#f-email"), email, "the form keeps what was typed");

      await page.fill("#f-password", GOOD_PASSWORD);
      await page.click("button[type=submit]:has-text('Sign up')");
      // Sign-up signs nobody in (it answers alike for taken addresses): sign in next.
      await page.waitForURL(`${base}/signin?signed_up=1`);
      await page.fill("#f-email", email);
      await page.fill("#f-password", GOOD_PASSWORD);
      await page.click("button[type=submit]:has-text('Sign in')");
      await page.waitForURL(`${base}/`);
      assert.equal(await page.locator(".nav-user").textContent(), "Chromium Ada");
      const cookies = await page.context().cookies();
      const access = cookies.find((c) => c.name === "vf_at");
      assert.ok(access?.httpOnly, "the access cookie is HttpOnly");
      assert.equal(access?.sameSite, "Lax");
      assert.equal(await page.evaluate(() => document.cookie.includes("vf_at")), false);

      // Sign out is in the account menu.
      await page.click("summary.nav-user");
      await page.click("button:has-text('Sign out')");
      await page.waitForSelector("a[href='/signin']");
      assert.equal(await page.locator(".nav-user").count(), 0);

      await page.click("a[href='/signin']");
      await page.fill("#f-email", email);
      await page.fill("#f-password", "wrong password!!");
      await page.click("button[type=submit]:has-text('Sign in')");
      assert.match(await page.locator(".form-error").textContent() ?? "", /incorrect/);
      await page.fill("#f-password", GOOD_PASSWORD);
      await page.click("button[type=submit]:has-text('Sign in')");
      await page.waitForSelector(".nav-user");
      assert.equal(await page.locator(".nav-user").textContent(), "Chromium Ada");

      await page.goto(`${base}/profile`);
      await page.waitForSelector("h1:has-text('Your profile')");
      const shot = await artifactPath("auth-signed-in.png");
      await page.screenshot({ path: shot, fullPage: true });
      console.log(`screenshot: ${shot}`);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await server.shutdown();
      await services.close();
    }
  },
});
