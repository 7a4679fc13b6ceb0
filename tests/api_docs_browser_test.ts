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
        // Swagger UI renders the operations tag by tag: wait for the last one expected, not the first.
        // Tags start collapsed (static/api_docs.js: 23 tags, 170-odd operations): every tag is
        // listed, and a reader opens the one they want.
        await page.waitForSelector("[data-tag]", { timeout: 15_000 });
        const text = await page.locator("#swagger-ui").innerText();
        for (const expected of ["VideoFlow API", "uploads", "auth", "runners", "analytics"]) {
          assert.ok(text.includes(expected), `${expected} is not shown`);
        }
        await page.screenshot({ path: await artifactPath(`api-docs-${view.name}-top.png`) });
        for (
          const [tag, id, path] of [
            ["uploads", "createUpload", "/api/v1/uploads"],
            ["auth", "logIn", "/api/v1/auth/login"],
            ["playback", "streamProcessingEvents", "/api/v1/videos/{id}/events"],
            ["videos", "getVideo", "/api/v1/videos/{id}"],
          ]
        ) {
          const op = page.locator(`#operations-${tag}-${id}`);
          if (await op.count() === 0) await page.locator(`h3[data-tag="${tag}"]`).click();
          await op.waitFor({ timeout: 15_000 });
          assert.equal(
            // Whole names: logIn is also the start of logInSecondFactor.
            await op.locator(`.opblock-summary-operation-id`, { hasText: new RegExp(`^${id}$`) })
              .count(),
            1,
            `${id} is not shown`,
          );
          assert.ok((await op.innerText()).includes(path), `${path} is not shown`);
        }
        // Open one operation: its parameters and responses render too.
        await page.locator("#operations-videos-getVideo .opblock-summary").first().click();
        await page.waitForSelector("#operations-videos-getVideo.is-open .parameters", {
          timeout: 5_000,
        });
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
