/**
 * Live chat in Chromium: two people chat through two web instances (each its
 * own database client and fan-out, on one PostgreSQL), markup comes out as
 * text, the creator deletes a message from its menu by keyboard and turns on
 * slow mode, which the other sees; a closed room replays its messages at the
 * player's time. The popout page is screenshotted desktop and phone, light and
 * dark, into tests/artifacts/chat-*.png, and checked with axe.
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { createApp } from "../app.ts";
import { closeChatRoom, openChatRoom } from "../lib/chat/mod.ts";
import { connect } from "../lib/db/mod.ts";
import { buildIslands } from "../lib/islands/build.ts";
import { pageProblems } from "./_harness/axe.ts";
import { artifactPath } from "./_harness/browser.ts";
import { DEVICES, openBrowserApp, signUpInBrowser } from "./_harness/browser_app.ts";
import { testEmail } from "./_harness/client.ts";
import { addPlayableVideo } from "./_harness/community.ts";

async function person(browser: Browser, base: string, name: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await signUpInBrowser(page, base, { email: testEmail(name.toLowerCase()), name });
  return { context, page, errors };
}

async function openChat(page: Page, url: string) {
  await page.goto(url);
  await page.waitForSelector("html[data-hydrated='true']", { timeout: 15_000 });
  await page.locator(".live-chat[data-status='open']").waitFor({ timeout: 15_000 });
}

Deno.test({
  name: "chat in Chromium: two people through two instances, moderation, replay; screenshots, axe",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const app = await openBrowserApp();
    const { services, browser, base } = app;
    const sqlB = connect(services.config.database.url!, { max: 2 });
    const islands = await buildIslands(new URL("../islands/", import.meta.url), {
      outDir: `${services.dir}/islands-b`,
    });
    const appB = createApp({
      ...services,
      db: { sql: sqlB, kind: "external", close: async () => {} },
    }, {
      islands,
    });
    const serverB = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, appB.fetch);
    const baseB = `http://127.0.0.1:${serverB.addr.port}`;
    try {
      const sql = services.db.sql;
      const alice = await person(browser, base, "Alice");
      const cora = await person(browser, base, "Cora");
      const [{ id: coraId }] = await sql<{ id: string }[]>`
        select id from users where display_name = 'Cora'`;
      const videoId = await addPlayableVideo(sql, coraId, { title: "Night market live" });
      await openChatRoom(sql, videoId);
      const path = `/v/${videoId}/chat`;
      await openChat(alice.page, base + path);
      await openChat(cora.page, baseB + path);
      // Alice (instance A) writes with markup; Cora (instance B) sees it as text.
      await alice.page.getByLabel("Message", { exact: true }).fill(
        "Hello <b>Cora</b> <img src=x onerror=alert(1)>",
      );
      await alice.page.keyboard.press("Enter");
      const line = cora.page.locator(".chat-line", { hasText: "Hello <b>Cora</b>" });
      await line.waitFor({ timeout: 10_000 });
      assert.equal(await cora.page.locator(".chat-list b, .chat-list img").count(), 0);
      assert.equal(await alice.page.getByLabel("Message", { exact: true }).inputValue(), "");
      // Cora answers by keyboard only; Alice sees it.
      await cora.page.getByLabel("Message", { exact: true }).focus();
      await cora.page.keyboard.type("Welcome, Alice!");
      await cora.page.keyboard.press("Enter");
      await alice.page.locator(".chat-line", { hasText: "Welcome, Alice!" }).waitFor();
      // Cora deletes Alice's message from its menu, by keyboard.
      await line.locator("summary").focus();
      await cora.page.keyboard.press("Enter");
      await line.getByRole("button", { name: "Delete message" }).focus();
      await cora.page.keyboard.press("Enter");
      await alice.page.locator(".chat-line", { hasText: "Hello" }).waitFor({ state: "detached" });
      // Slow mode from the settings: Alice's page shows it.
      await cora.page.locator(".chat-settings summary").click();
      await cora.page.getByLabel("Slow mode").selectOption("30");
      await alice.page.locator(".chat-chip", { hasText: "Slow mode: 30 s" }).waitFor();
      await alice.page.getByLabel("Message", { exact: true }).fill("one");
      await alice.page.keyboard.press("Enter");
      await cora.page.locator(".chat-line", { hasText: "one" }).waitFor();
      await alice.page.getByLabel("Message", { exact: true }).fill("two");
      await alice.page.keyboard.press("Enter");
      await alice.page.locator(".chat-notice", { hasText: "Slow mode is on" }).waitFor();
      const cookies = await cora.context.cookies();
      assert.deepEqual([...alice.errors, ...cora.errors], []);
      await alice.context.close();
      await cora.context.close();
      const problems: string[] = [];
      for (const [device, options] of Object.entries(DEVICES)) {
        for (const colorScheme of ["light", "dark"] as const) {
          for (const [name, jar] of [["creator", cookies], ["anonymous", []]] as const) {
            const ctx = await browser.newContext({ ...options, colorScheme, bypassCSP: true });
            await ctx.addCookies([...jar]);
            const p = await ctx.newPage();
            await openChat(p, base + path);
            if (name === "creator") await p.locator(".chat-line summary").last().click();
            const label = `${name}-${device}-${colorScheme}`;
            await p.screenshot({ path: await artifactPath(`chat-${label}.png`), fullPage: true });
            problems.push(...await pageProblems(p, label, { phone: device === "phone" }));
            await ctx.close();
          }
        }
      }
      assert.deepEqual(problems, []);
      // The stream ended: the page replays the messages at the player's time.
      await sql`update chat_messages m set created_at = r.opened_at + interval '5 seconds'
        from chat_rooms r where r.video_id = m.video_id and m.body = 'Welcome, Alice!'`;
      await sql`update chat_messages m set created_at = r.opened_at + interval '60 seconds'
        from chat_rooms r where r.video_id = m.video_id and m.body = 'one'`;
      await closeChatRoom(sql, videoId);
      const ctx = await browser.newContext();
      const p = await ctx.newPage();
      await p.goto(base + path);
      await p.waitForSelector(".live-chat[data-status='replay']");
      await p.waitForSelector("html[data-hydrated='true']");
      const time = (ms: number) =>
        p.evaluate(
          (ms) => document.dispatchEvent(new CustomEvent("vf-chat-time", { detail: { ms } })),
          ms,
        );
      await time(10_000);
      await p.locator(".chat-line", { hasText: "Welcome, Alice!" }).waitFor();
      assert.equal(await p.locator(".chat-line", { hasText: "one" }).count(), 0);
      await time(61_000);
      await p.locator(".chat-line", { hasText: "one" }).waitFor();
      await time(1_000);
      await p.locator(".chat-line").first().waitFor({ state: "detached" });
      await p.screenshot({ path: await artifactPath("chat-replay-desktop-light.png") });
      await ctx.close();
    } finally {
      // First the browser: a page left open on B would hold its server's shutdown.
      await browser.close();
      await serverB.shutdown();
      await sqlB.end({ timeout: 1 });
      await app.close();
    }
  },
});
