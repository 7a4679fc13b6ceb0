/**
 * The access-group admin in Chromium, without JavaScript's help (plain forms):
 * add and rename a group on /admin/settings, give a user a group and filter
 * the users list by it on /admin/users; then both pages desktop and phone ×
 * light and dark, screenshots into tests/artifacts/category-access-*.png, axe
 * and phone overflow.
 */
import assert from "node:assert/strict";
import { pageProblems } from "./_harness/axe.ts";
import { artifactPath } from "./_harness/browser.ts";
import { DEVICES, openBrowserApp, signUpInBrowser } from "./_harness/browser_app.ts";
import { testEmail } from "./_harness/client.ts";
import { addUser } from "./_harness/search_catalog.ts";

Deno.test({
  name: "access groups in Chromium: add, rename, assign and filter on the admin pages",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const { services, browser, base, close } = await openBrowserApp({
      env: { ENFORCE_CATEGORY_ACCESS: "true" },
    });
    try {
      const sql = services.db.sql;
      const context = await browser.newContext();
      const page = await context.newPage();
      const email = testEmail("ada");
      await signUpInBrowser(page, base, { email, name: "Admin Ada" });
      await sql`update users set role = 'admin' where email = ${email}`;
      const memberId = await addUser(sql, "Pat Partner");
      await addUser(sql, "Vic Vendor with a rather long display name to wrap");
      await sql`update users set access_group_id = (select id from access_groups
        where name = 'VENDOR') where display_name like 'Vic%'`;

      await page.goto(`${base}/admin/settings`);
      assert.match(await page.textContent("#access-groups") ?? "", /Enforced/);
      await page.fill("#ag-new", "PARTNER");
      await page.click("#access-groups button:has-text('Add')");
      await page.waitForURL(`${base}/admin/settings?groups=added#access-groups`);
      const [partner] = await sql`select id from access_groups where name = 'PARTNER'`;
      await page.fill(`#ag-${partner.id}`, "PARTNERS");
      await page.click(`form[action='/admin/access-groups/${partner.id}/rename'] button`);
      await page.waitForURL(/groups=renamed/);
      assert.equal(await page.inputValue(`#ag-${partner.id}`), "PARTNERS");

      await page.goto(`${base}/admin/users`);
      await page.selectOption(`#group-${memberId}`, String(partner.id));
      await page.click(`form[action='/admin/users/${memberId}/access-group'] button`);
      await page.waitForURL(`${base}/admin/users?done=group`);
      assert.match(await page.textContent("main") ?? "", /Access group changed/);
      await page.selectOption("select[name=group]", String(partner.id));
      await page.click(".admin-filters button[type=submit]");
      await page.waitForURL(/group=/);
      const rows = await page.locator(".admin-table tbody tr").allTextContents();
      assert.equal(rows.length, 1);
      assert.match(rows[0], /Pat Partner/);
      const [entry] = await sql`select details from audit_log where action = 'user.access_group'`;
      assert.deepEqual(entry.details, { from: null, to: "PARTNERS" });
      const cookies = await context.cookies();
      await context.close();

      const problems: string[] = [];
      for (const [device, options] of Object.entries(DEVICES)) {
        for (const colorScheme of ["light", "dark"] as const) {
          const ctx = await browser.newContext({ ...options, colorScheme, bypassCSP: true });
          await ctx.addCookies(cookies);
          const p = await ctx.newPage();
          for (const [name, path] of [["settings", "/admin/settings"], ["users", "/admin/users"]]) {
            assert.equal((await p.goto(base + path))?.status(), 200, path);
            await p.waitForSelector("html[data-hydrated='true']", { timeout: 10_000 });
            const label = `${name}-${device}-${colorScheme}`;
            await p.screenshot({
              path: await artifactPath(`category-access-${label}.png`),
              fullPage: true,
            });
            problems.push(...await pageProblems(p, label, { phone: device === "phone" }));
          }
          await ctx.close();
        }
      }
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  },
});
