/**
 * GET /api/docs in Chromium: Swagger UI, served from /_vendor, renders the
 * operations of /api/v1/openapi.json under the site's CSP, with no violation
 * and no console error, on a desktop and a phone viewport.
 */
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import { artifactPath, launchBrowser } from "./_harness/browser.ts";
import { openTestServices } from "./_harness/services.ts";

Deno.test({
  name: "/api/docs renders the API reference offline, under the CSP, without errors",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const services = await openTestServices();
    const server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen() {} },
      createApp(services).fetch,
    );
    const browser = await launchBrowser();
    try {
      const base = `http://127.0.0.1:${server.addr.port}`;
      for (
        const view of [{ name: "desktop", width: 1280, height: 900 }, {
          name: "phone",
          width: 390,
          height: 844,
        }]
      ) {
        const page = await browser.newPage({ viewport: view });
        const problems: string[] = [];
        const foreign: string[] = [];
        page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
        page.on("console", (m) => {
          if (m.type() === "error" || /Content Security Policy/i.test(m.text())) {
            problems.push(`console: ${m.text()}`);
          }
        });
        page.on("request", (r) => {
          if (!r.url().startsWith(base) && !r.url().startsWith("data:")) foreign.push(r.url());
        });
        await page.exposeFunction("reportViolation", (v: string) => problems.push(`csp: ${v}`));
        await page.addInitScript(() => {
          document.addEventListener("securitypolicyviolation", (e) => {
            // deno-lint-ignore no-explicit-any
            (globalThis as any).reportViolation(`${e.violatedDirective} ${e.blockedURI}`);
          });
        });
        const res = await page.goto(`${base}/api/docs`);
        assert.equal(res?.status(), 200);
        assert.match(res?.headers()["content-security-policy"] ?? "", /script-src 'self'/);
        await page.waitForSelector(".opblock", { timeout: 15_000 });
        const text = await page.locator("#swagger-ui").innerText();
        for (const expected of ["VideoFlow API", "/api/v1/uploads", "/api/v1/auth/login"]) {
          assert.ok(text.includes(expected), `${expected} is not shown`);
        }
        for (const id of ["createUpload", "logIn", "streamProcessingEvents"]) {
          assert.equal(
            // Whole names: logIn is also the start of logInSecondFactor.
            await page.locator(`.opblock-summary-operation-id`, { hasText: new RegExp(`^${id}$`) })
              .count(),
            1,
            `${id} is not shown`,
          );
        }
        await page.screenshot({ path: await artifactPath(`api-docs-${view.name}-top.png`) });
        // Open one operation: its parameters and responses render too.
        await page.locator(".opblock-summary", { hasText: "getVideo" }).first().click();
        await page.waitForSelector(".opblock.is-open .parameters", { timeout: 5_000 });
        const shot = await artifactPath(`api-docs-${view.name}.png`);
        await page.screenshot({ path: shot, fullPage: false });
        console.log(`screenshot: ${shot}`);
        assert.deepEqual(problems, []);
        assert.deepEqual(foreign, []);
        await page.close();
      }
      // Swagger UI comes from /_vendor: versioned, immutable, gzipped.
      const html = await (await fetch(`${base}/api/docs`)).text();
      const assets = [...html.matchAll(/(?:src|href)="(\/_vendor\/[^"]+)"/g)].map((m) => m[1]);
      assert.equal(assets.length, 2);
      for (const asset of assets) {
        const r = await fetch(base + asset, { headers: { "accept-encoding": "gzip" } });
        assert.equal(r.status, 200);
        assert.equal(r.headers.get("cache-control"), "public, max-age=31536000, immutable");
        assert.equal(r.headers.get("content-encoding"), "gzip");
        await r.body?.cancel();
      }
    } finally {
      await browser.close();
      await server.shutdown();
      await services.close();
    }
  },
});
