import type { Browser } from "playwright-core";
import { createApp } from "../../app.ts";
import { buildIslands } from "../../lib/islands/build.ts";
import { hlsModule } from "../../lib/islands/vendor.ts";
import type { Services } from "../../lib/services.ts";
import { startWorker, type Worker } from "../../workers/mod.ts";
import { artifactPath, launchBrowser } from "./browser.ts";
import { pageProblems } from "./axe.ts";
import { openTestServices } from "./services.ts";
import { testEmail } from "./client.ts";

/** The viewports browser tests look at pages on. */
export const DEVICES = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
} as const;

/** The whole product within a browser's reach, for one browser test. */
export interface BrowserApp {
  services: Services & { dir: string };
  worker: Worker;
  browser: Browser;
  /** Where the app answers, e.g. http://127.0.0.1:40123 (no trailing slash). */
  base: string;
  /** Stops everything, in order; safe to call once from a `finally`. */
  close(): Promise<void>;
}

/**
 * Test services with a worker running, the islands built, the app served on
 * a free loopback port (with hls.js) and a headless Chromium: what every
 * browser test starts from.
 */
export async function openBrowserApp(
  options: { publicUrl?: string; env?: Record<string, string> } = {},
): Promise<BrowserApp> {
  const services = await openTestServices(options);
  const worker = await startWorker(services);
  const browser = await launchBrowser();
  const islands = await buildIslands(new URL("../../islands/", import.meta.url), {
    outDir: `${services.dir}/islands`,
  });
  const app = createApp(services, { islands, hls: await hlsModule() });
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, app.fetch);
  return {
    services,
    worker,
    browser,
    base: `http://127.0.0.1:${server.addr.port}`,
    async close() {
      await browser.close();
      await server.shutdown();
      await worker.stop();
      await services.close();
    },
  };
}

/**
 * Signs up through the page form, then signs in through the sign-in form (sign-up
 * answers alike for every address and signs nobody in); ends on the home page.
 */
export async function signUpInBrowser(
  page: import("playwright-core").Page,
  base: string,
  account: { email: string; name: string; password?: string },
): Promise<void> {
  const password = account.password ?? "correct horse battery staple";
  await page.goto(`${base}/signup`);
  await page.fill("#f-email", account.email);
  await page.fill("#f-displayName", account.name);
  await page.fill("#f-password", password);
  await page.click("button[type=submit]:has-text('Sign up')");
  await page.waitForURL(`${base}/signin?signed_up=1`);
  await page.fill("#f-email", account.email);
  await page.fill("#f-password", password);
  await page.click("button[type=submit]:has-text('Sign in')");
  await page.waitForURL(`${base}/`);
}

/**
 * Signs up `name` through the forms in a fresh context (the email made from
 * the first name); returns the address and the signed-in session's cookies.
 */
export async function signUpAccount(browser: Browser, base: string, name: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const email = testEmail(name.split(" ")[0].toLowerCase());
  await signUpInBrowser(page, base, { email, name });
  const cookies = await context.cookies();
  await context.close();
  return { email, cookies };
}

/**
 * Signs up through the form, takes `role` (set in the database before signing
 * in, so the session carries it), then signs in; answers the user's id and
 * the signed-in session's cookies.
 */
export async function memberWithRole(
  browser: Browser,
  base: string,
  options: { sql: import("../../lib/db/mod.ts").Sql; role: string },
): Promise<
  { id: string; cookies: Awaited<ReturnType<import("playwright-core").BrowserContext["cookies"]>> }
> {
  const { sql, role } = options;
  const email = `${role}-${crypto.randomUUID().slice(0, 8)}@example.test`;
  const password = "correct horse battery staple";
  const context = await browser.newContext({ ...DEVICES.desktop, bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${base}/signup`);
  await page.fill("#f-email", email);
  await page.fill("#f-displayName", `A ${role}`);
  await page.fill("#f-password", password);
  await page.click("button[type=submit]:has-text('Sign up')");
  await page.waitForURL(`${base}/signin?signed_up=1`);
  const [user] = await sql<{ id: string }[]>`
    update users set role = ${role} where email = ${email} returning id`;
  await page.fill("#f-email", email);
  await page.fill("#f-password", password);
  await page.click("button[type=submit]:has-text('Sign in')");
  await page.waitForURL(`${base}/`);
  const cookies = await context.cookies();
  await context.close();
  return { id: user.id, cookies };
}

/** One page to look at: whose session (cookies; none: anonymous) and where. */
export interface PageShot {
  cookies: Awaited<ReturnType<import("playwright-core").BrowserContext["cookies"]>>;
  path: string;
}

/**
 * Opens every page on every device in light and dark, waits for `ready` (a
 * selector), screenshots it to tests/artifacts/{prefix}-{name}-{device}-{scheme}.png
 * and answers the problems found: axe (serious and critical), phone overflow,
 * page errors, and any status but 200.
 */
export async function shootPages(
  browser: Browser,
  base: string,
  options: { prefix: string; pages: Record<string, PageShot>; ready: string },
): Promise<string[]> {
  const problems: string[] = [];
  for (const [device, viewport] of Object.entries(DEVICES)) {
    for (const colorScheme of ["light", "dark"] as const) {
      const ctx = await browser.newContext({ ...viewport, colorScheme, bypassCSP: true });
      const p = await ctx.newPage();
      const errors: string[] = [];
      p.on("pageerror", (e) => errors.push(e.message));
      for (const [name, { cookies, path }] of Object.entries(options.pages)) {
        await ctx.clearCookies();
        if (cookies.length) await ctx.addCookies(cookies);
        const res = await p.goto(base + path);
        if (res?.status() !== 200) problems.push(`${path}: status ${res?.status()}`);
        await p.waitForSelector(options.ready);
        const label = `${name}-${device}-${colorScheme}`;
        await p.screenshot({
          path: await artifactPath(`${options.prefix}-${label}.png`),
          fullPage: true,
        });
        problems.push(...await pageProblems(p, label, { phone: device === "phone" }));
      }
      problems.push(...errors.map((e) => `${device} ${colorScheme}: ${e}`));
      await ctx.close();
    }
  }
  return problems;
}
