/**
 * /admin/runners in Chromium: an admin issues a runner token through the form
 * (shown once), sees the list with an active and a revoked token, revokes
 * one; desktop and phone × light and dark screenshots into tests/artifacts/
 * (runners-*.png) with axe and phone-overflow checks.
 */
import assert from "node:assert/strict";
import { artifactPath } from "./_harness/browser.ts";
import { pageProblems } from "./_harness/axe.ts";
import { DEVICES, openBrowserApp, signUpInBrowser } from "./_harness/browser_app.ts";
import { testEmail } from "./_harness/client.ts";
import { issueRunnerToken, revokeRunnerToken } from "../lib/runners/tokens.ts";

Deno.test({
  name: "admin runners page: issue a token (shown once), list, revoke; screenshots",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const { services, browser, base, close } = await openBrowserApp();
    try {
      const sql = services.db.sql;
      const email = testEmail("ada");
      const signUpContext = await browser.newContext();
      await signUpInBrowser(await signUpContext.newPage(), base, { email, name: "Admin Ada" });
      const cookies = await signUpContext.cookies();
      await signUpContext.close();
      const [admin] = await sql<{ id: string }[]>`
        update users set role = 'admin' where email = ${email} returning id`;
      const actor = { id: admin.id, name: "Admin Ada" };
      const old = await issueRunnerToken(sql, { name: "old-laptop", kinds: ["transcode"] }, {
        actor,
      });
      await revokeRunnerToken(sql, old.id, { actor });
      await issueRunnerToken(sql, {
        name: "render-farm-node-with-a-long-name-07",
        kinds: [
          "transcode",
        ],
      }, { actor });

      const problems: string[] = [];
      let n = 0;
      for (const [device, options] of Object.entries(DEVICES)) {
        for (const colorScheme of ["light", "dark"] as const) {
          const context = await browser.newContext({ ...options, colorScheme, bypassCSP: true });
          await context.addCookies(cookies);
          const page = await context.newPage();
          const errors: string[] = [];
          page.on("pageerror", (e) => errors.push(e.message));
          const label = `${device}-${colorScheme}`;
          assert.equal((await page.goto(`${base}/admin/runners`))?.status(), 200);
          await page.screenshot({
            path: await artifactPath(`runners-list-${label}.png`),
            fullPage: true,
          });
          problems.push(
            ...await pageProblems(page, `list-${label}`, { phone: device === "phone" }),
          );
          await page.fill("#f-name", `gpu-box-${++n}`);
          await page.click("button[type=submit]:has-text('Issue token')");
          await page.waitForSelector(".runner-token code");
          const token = await page.textContent(".runner-token code");
          assert.match(token ?? "", /^vfr_[A-Za-z0-9_-]{43}$/);
          await page.screenshot({
            path: await artifactPath(`runners-issued-${label}.png`),
            fullPage: true,
          });
          problems.push(
            ...await pageProblems(page, `issued-${label}`, { phone: device === "phone" }),
          );
          await page.goto(`${base}/admin/runners`);
          assert.ok(!(await page.content()).includes(token!), "shown once");
          problems.push(...errors.map((e) => `${label}: ${e}`));
          await context.close();
        }
      }
      // Revoke through the page: the row says so and the audit log has it.
      const context = await browser.newContext(DEVICES.desktop);
      await context.addCookies(cookies);
      const page = await context.newPage();
      await page.goto(`${base}/admin/runners`);
      await page.click("button[aria-label='Revoke gpu-box-1']");
      await page.waitForURL(`${base}/admin/runners?done=revoke`);
      assert.match(await page.textContent("main") ?? "", /Revoked\./);
      await context.close();
      const [revoked] = await sql`select revoked_at from runner_tokens where name = 'gpu-box-1'`;
      assert.ok(revoked.revoked_at);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  },
});
