/**
 * Reporting from the pages in Chromium: the watch page's Report button opens
 * the page's dialog (a modal: focus inside, Escape closes, focus returns), the
 * report is filed, and a comment's Report button uses the same dialog.
 */
import assert from "node:assert/strict";
import { seriousAxeProblems } from "./_harness/axe.ts";
import { artifactPath } from "./_harness/browser.ts";
import { DEVICES, openBrowserApp, signUpInBrowser } from "./_harness/browser_app.ts";
import { testEmail } from "./_harness/client.ts";
import { addPlayableVideo } from "./_harness/community.ts";

Deno.test({
  name: "reports: a video and a comment reported through the page's dialog",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const { services, browser, base, close } = await openBrowserApp();
    try {
      const sql = services.db.sql;
      const [creator] = await sql<{ id: string }[]>`insert into users (email, password_hash,
        display_name) values (${testEmail("c")}, 'x', 'Creator') returning id`;
      const videoId = await addPlayableVideo(sql, creator.id, { title: "Reportable" });
      const [c] = await sql<{ id: string }[]>`insert into comments (video_id, author_id, body)
        values (${videoId}, ${creator.id}, 'Buy followers here') returning id`;
      for (const colorScheme of ["light", "dark"] as const) {
        for (const [device, options] of Object.entries(DEVICES)) {
          const context = await browser.newContext({ ...options, colorScheme, bypassCSP: true });
          const page = await context.newPage();
          const email = testEmail("reporter");
          await signUpInBrowser(page, base, { email, name: "Reporter" });
          await page.goto(`${base}/v/${videoId}`);
          await page.waitForSelector("html[data-hydrated='true']");
          const button = page.locator(".watch-actions button:has-text('Report')");
          await button.click();
          const dialog = page.locator("dialog.report-dialog");
          assert.ok(await dialog.isVisible());
          assert.match(await dialog.locator("h2").innerText(), /Report this video/);
          // Sending without a reason says so; then a reason and details.
          await dialog.locator("button:has-text('Send report')").click();
          assert.match(await dialog.locator("[role=alert]").innerText(), /Choose a reason/);
          await dialog.locator("label:has-text('Spam or scam')").click();
          await dialog.locator("textarea").fill("Links to a scam in the description.");
          assert.deepEqual(await seriousAxeProblems(page), []);
          await page.screenshot({
            path: await artifactPath(`reports-dialog-${device}-${colorScheme}.png`),
          });
          await dialog.locator("button:has-text('Send report')").click();
          await dialog.locator("[role=status]:has-text('Thank you')").waitFor();
          await page.keyboard.press("Escape");
          assert.equal(await dialog.isVisible(), false);
          assert.equal(
            await page.evaluate(() => document.activeElement?.textContent),
            "Report",
            "focus returns to the button",
          );
          // The comment's own Report button opens the same dialog for the comment.
          await page.locator(`#comment-${c.id} button:has-text('Report')`).click();
          assert.match(await dialog.locator("h2").innerText(), /Creator's comment/);
          await dialog.locator("label:has-text('Spam or scam')").click();
          await dialog.locator("button:has-text('Send report')").click();
          await dialog.locator("[role=status]").waitFor();
          await context.close();
          const rows = await sql`select r.target_kind, r.reason, r.details from reports r
            join users u on u.id = r.reporter_id where u.email = ${email} order by r.created_at`;
          assert.deepEqual(rows.map((r) => [r.target_kind, r.reason]), [
            ["video", "spam"],
            ["comment", "spam"],
          ]);
          assert.equal(rows[0].details, "Links to a scam in the description.");
        }
      }
    } finally {
      await close();
    }
  },
});
