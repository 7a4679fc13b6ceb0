/**
 * Issue 18, P5: a public video's watch page tells the player where the stream
 * starts, so that play fetches the master, the lowest rung's playlist, its
 * init segment and its first segment together (the first segment is asked for
 * before the master has even arrived), each once. An unlisted video's page
 * (tokenised media) carries no such hints and plays as before, tokens and all.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { openBrowserApp } from "./_harness/browser_app.ts";
import { playFromClick, throttle } from "./_harness/player.ts";
import { readyPublicVideo } from "./_harness/videos.ts";

/** Media requests and responses in the order the browser saw them. */
function mediaLog(page: Page): string[] {
  const log: string[] = [];
  const path = (u: string) => new URL(u).pathname.replace(/^\/media\/[^/]+\//, "");
  page.on("request", (r) => r.url().includes("/media/") && log.push(`> ${path(r.url())}`));
  page.on("response", (r) => r.url().includes("/media/") && log.push(`< ${path(r.url())}`));
  return log;
}

/** The Player island's `start` prop on the page. */
async function startProp(page: Page): Promise<unknown> {
  return await page.evaluate(() => {
    const el = document.querySelector<HTMLElement>("vf-island[data-island='Player']")!;
    return JSON.parse(el.dataset.props!).start;
  });
}

Deno.test({
  name: "player start: a public stream's first requests go out together; tokenised ones unchanged",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const { services, browser, base, close } = await openBrowserApp();
    try {
      const { sql } = services.db;
      const deps = { sql, storage: services.storage, dir: services.dir };
      const id = await readyPublicVideo(deps, { width: 640, height: 360, durationS: 12 });
      const context = await browser.newContext();
      const page = await context.newPage();
      // A slow link: without hints, each request would wait for the one before it to arrive.
      await throttle(context, page, { mbps: 5, latencyMs: 150 });
      const log = mediaLog(page);
      await playFromClick(page, `${base}/v/${id}`);
      const requested = log.filter((l) => l.startsWith(">")).map((l) => l.slice(2));
      const lowest = requested.find((p) => p.endsWith("index.m3u8"))!;
      const rung = lowest.split("/")[0];
      assert.equal(rung, "240p", `starts on the lowest rung: ${requested}`);
      const init = requested.find((p) => p.startsWith(`${rung}/init`))!;
      const first = [`${rung}/index.m3u8`, init, `${rung}/seg_00000.m4s`];
      const masterArrived = log.indexOf("< master.m3u8");
      assert.ok(masterArrived > 0, log.join("\n"));
      for (const p of first) {
        assert.ok(log.indexOf(`> ${p}`) >= 0, `${p} requested:\n${log.join("\n")}`);
        assert.ok(
          log.indexOf(`> ${p}`) < masterArrived,
          `${p} asked for before the master arrived:\n${log.join("\n")}`,
        );
      }
      // hls.js took what was fetched ahead instead of asking again.
      for (const p of ["master.m3u8", ...first]) {
        assert.equal(requested.filter((r) => r === p).length, 1, `${p} once: ${requested}`);
      }
      assert.deepEqual(await startProp(page), {
        variant: `${rung}/index.m3u8`,
        init: init.slice(rung.length + 1),
        segment: "seg_00000.m4s",
      });
      await context.close();

      // Unlisted: tokenised media; the page (private, no-store) carries no hints.
      await sql`update videos set visibility = 'unlisted' where id = ${id}`;
      const quiet = await browser.newContext();
      const page2 = await quiet.newPage();
      const urls: string[] = [];
      page2.on("request", (r) => r.url().includes("/media/") && urls.push(r.url()));
      const html = await (await fetch(`${base}/v/${id}`)).text();
      assert.ok(!/index\.m3u8|seg_\d+/.test(html), "nothing of a tokenised stream in the page");
      await playFromClick(page2, `${base}/v/${id}`);
      assert.equal(await startProp(page2), undefined, "no start hints for tokenised media");
      assert.ok(urls.length >= 4, urls.join("\n"));
      for (const u of urls) assert.match(u, /[?&]token=/, `every media request is tokenised: ${u}`);
      await quiet.close();
    } finally {
      await close();
    }
  },
});
