/**
 * The creator studio in Chromium: the upload queue with several files, an
 * unfinished upload resumed after a reload, live processing status that keeps
 * every display in step, and screenshots of /studio, /upload (with a queue)
 * and the edit page, desktop and phone, light and dark, with pageProblems().
 */
import assert from "node:assert/strict";
import type { BrowserContext, Page } from "playwright-core";
import { createApp } from "../app.ts";
import { buildIslands } from "../lib/islands/build.ts";
import { MIB } from "../lib/uploads/plan.ts";
import { pageProblems } from "./_harness/axe.ts";
import { DEVICES, signUpInBrowser } from "./_harness/browser_app.ts";
import { artifactPath, launchBrowser } from "./_harness/browser.ts";
import { testEmail } from "./_harness/client.ts";
import { makeClip } from "./_harness/clips.ts";
import { freePort } from "./_harness/postgres.ts";
import { openTestServices } from "./_harness/services.ts";
import { paddedClip } from "./_harness/uploads.ts";

const hydrated = (page: Page) =>
  page.waitForSelector("html[data-hydrated='true']", { timeout: 15_000 });

Deno.test({
  name: "studio in Chromium: upload queue, resume after reload, live status, screenshots",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const port = freePort();
    const base = `http://127.0.0.1:${port}`;
    const services = await openTestServices({ publicUrl: base });
    const sql = services.db.sql;
    const islands = await buildIslands(new URL("../islands/", import.meta.url), {
      outDir: `${services.dir}/islands`,
    });
    const server = Deno.serve(
      { hostname: "127.0.0.1", port, onListen() {} },
      createApp(services, { islands }).fetch,
    );
    const browser = await launchBrowser();
    const dir = services.dir;
    const problems: string[] = [];
    try {
      const first = await browser.newContext(DEVICES.desktop);
      const page = await first.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      const email = testEmail("studio");
      await signUpInBrowser(page, base, { email, name: "Studio Creator" });
      const cookies = await first.cookies();
      const [{ id: userId }] = await sql`select id from users where email = ${email}`;

      // 1. Several files at once: each its own row and bar; a file that is no video fails
      // alone and can be removed; the others are sent one after another.
      const a = await makeClip(`${dir}/first-clip.mp4`, { durationS: 1, width: 160, height: 90 });
      const b = await makeClip(`${dir}/second-clip.mp4`, { durationS: 1, width: 160, height: 90 });
      await Deno.writeTextFile(`${dir}/notes.txt`, "not a video");
      await page.goto(`${base}/upload`);
      await hydrated(page);
      // No bare "Choose File" button: the input is there (keyboard, screen readers), out of sight.
      const box = await page.locator(".dropzone input[type=file]").boundingBox();
      assert.ok(box && box.width <= 1 && box.height <= 1, JSON.stringify(box));
      assert.equal(await page.locator(".dropzone .picker").textContent(), "Choose videos");
      await page.setInputFiles(".dropzone input[type=file]", [a, `${dir}/notes.txt`, b]);
      await page.waitForFunction(
        () => document.querySelectorAll(".upload-done").length === 2,
        null,
        {
          timeout: 60_000,
        },
      );
      assert.equal(await page.locator(".upload-item").count(), 3);
      assert.match(await page.locator(".upload-error").textContent() ?? "", /MP4, WebM or MOV/);
      assert.equal(await page.locator(".upload-done a:has-text('Edit details')").count(), 2);
      const uploaded = await sql<{ title: string; status: string }[]>`
        select title, status from videos where owner_id = ${userId} order by title`;
      assert.deepEqual(uploaded.map((v) => `${v.title}:${v.status}`), [
        "first-clip:uploaded",
        "second-clip:uploaded",
      ]);
      await page.screenshot({ path: await artifactPath("studio-upload-queue-run.png") });
      await page.click(".upload-error button:has-text('Remove')");
      await page.waitForFunction(() => !document.querySelector(".upload-error"));

      // 2. An unfinished upload (one part of three stored) resumes after a reload: listed on
      // /studio and /upload, the wrong file is refused, the right one sends only what is missing.
      const big = `${dir}/beach-day.mp4`;
      const bytes = await paddedClip(big, 17 * MIB);
      const ticket = await page.evaluate(async (size) => {
        const csrf = document.querySelector<HTMLMetaElement>("meta[name=csrf-token]")!.content;
        const r = await fetch("/api/v1/uploads", {
          method: "POST",
          headers: { "content-type": "application/json", "x-csrf-token": csrf },
          body: JSON.stringify({ filename: "beach-day.mp4", size, mimeType: "video/mp4" }),
        });
        return await r.json();
      }, bytes.length);
      const part = ticket.parts[0];
      const put = await fetch(part.url, { method: "PUT", body: bytes.slice(0, part.size) });
      await put.body?.cancel();
      const etag = put.headers.get("etag")!;
      await page.evaluate(async (p) => {
        const csrf = document.querySelector<HTMLMetaElement>("meta[name=csrf-token]")!.content;
        await fetch(`/api/v1/uploads/${p.uploadId}/parts`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-csrf-token": csrf },
          body: JSON.stringify({ partNumber: 1, size: p.size, etag: p.etag }),
        });
      }, { uploadId: ticket.uploadId, size: part.size, etag });
      await page.goto(`${base}/studio`);
      await hydrated(page);
      assert.match(await page.locator(".studio-pending").textContent() ?? "", /beach-day\.mp4/);
      await page.click(".studio-pending a:has-text('Resume')");
      await page.waitForURL(`${base}/upload?resume=${ticket.uploadId}`);
      await hydrated(page);
      assert.match(
        await page.locator(".upload-pending li.highlight").textContent() ?? "",
        /47% sent/,
      );
      const pendingInput = `#resume-${ticket.uploadId}`;
      await page.setInputFiles(pendingInput, a);
      assert.match(
        await page.locator(".upload-pending .form-error").textContent() ?? "",
        /not the same file: pick “beach-day\.mp4” \(17 MiB\)/,
      );
      const partPuts: string[] = [];
      page.on("request", (r) => r.method() === "PUT" && partPuts.push(r.url()));
      await page.setInputFiles(pendingInput, big);
      await page.waitForURL(/\/studio\/videos\/[0-9a-f-]{36}$/, { timeout: 60_000 });
      assert.equal(page.url(), `${base}/studio/videos/${ticket.videoId}`);
      assert.equal(partPuts.length, 2, `only the missing parts were sent: ${partPuts.join(" ")}`);
      const [resumed] =
        await sql`select status, source_size from videos where id = ${ticket.videoId}`;
      assert.deepEqual({ ...resumed }, { status: "uploaded", source_size: bytes.length });

      // 3. A video being processed: the badge, the stage, the time left and the watch link come
      // from one island; when processing ends, every one of them changes together.
      const [busy] = await sql`
        insert into videos (owner_id, title, status, visibility, duration_s, view_count)
        values (${userId}, 'Mountain timelapse', 'processing', 'unlisted', 95, 1) returning id`;
      await sql`insert into jobs (kind, payload, state, owner_id, video_id, progress,
          progress_detail, started_at)
        values ('transcode', ${sql.json({ videoId: busy.id })}, 'running', ${userId}, ${busy.id},
          42.5, ${sql.json({ stage: "encoding", rungs: ["720p", "480p", "240p"], etaS: 95 })},
          now())`;
      await sql`insert into videos (owner_id, title, status, visibility, view_count, like_count,
          comment_count, duration_s, publish_at)
        values (${userId}, 'Premiere next week', 'scheduled', 'public', 0, 0, 0, 61,
          now() + interval '6 days')`;
      await sql`insert into videos (owner_id, title, status, status_reason, visibility)
        values (${userId}, 'Broken file', 'failed', 'The file is not a video that can be read.',
          'private')`;
      await page.goto(`${base}/studio/videos/${busy.id}`);
      await hydrated(page);
      const status = page.locator(".studio-edit .studio-status");
      assert.match(await status.textContent() ?? "", /Processing/);
      assert.match(
        await status.textContent() ?? "",
        /Encoding 3 versions at once \(720p, 480p, 240p\) · 42% · about 2 min left/,
      );
      await sql`update jobs set state = 'succeeded', progress = 100 where video_id = ${busy.id}`;
      await sql`update videos set status = 'ready', master_key = 'master.m3u8',
        playable_at = now() where id = ${busy.id}`;
      await page.waitForFunction(
        () => document.querySelector(".studio-edit .status-badge")?.textContent === "Ready",
        null,
        {
          timeout: 15_000,
        },
      );
      assert.equal(await status.locator("progress").count(), 0, "no bar left once it is ready");
      assert.equal(await status.locator("a:has-text('Watch')").count(), 1);
      await sql`update videos set status = 'processing' where id = ${busy.id}`;
      await sql`update jobs set state = 'running', progress = 42.5 where video_id = ${busy.id}`;
      // Copy link: the watch page's address on the clipboard.
      await first.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
      await page.goto(`${base}/studio`);
      await hydrated(page);
      await page.click(".studio-copy");
      await page.waitForSelector(".studio-copy:has-text('Copied')");
      assert.equal(
        await page.evaluate(() => navigator.clipboard.readText()),
        `${base}/v/${busy.id}`,
      );

      // Bulk: select all (an island), make them unlisted, one form post.
      await page.goto(`${base}/studio?status=processing`);
      await hydrated(page);
      await page.check(".studio-select-all input");
      const ticked = await page.locator("input[name=ids]:checked").count();
      assert.ok(ticked >= 3, `select all ticked ${ticked}`);
      assert.match(await page.locator(".studio-select-all").textContent() ?? "", /selected/);
      await page.selectOption("select[name=do]", "unlisted");
      await page.click(".studio-bulk button:has-text('Apply')");
      await page.waitForURL(`${base}/studio?updated=${ticked}`);
      const [{ n }] = await sql`select count(*)::int as n from videos
        where owner_id = ${userId} and visibility = 'unlisted' and status in ('uploaded', 'processing')`;
      assert.equal(n, ticked);
      assert.deepEqual(errors, []);
      await first.close();

      // 4. Screenshots: desktop and phone, light and dark, each page looked at by axe.
      const shots: [string, string, (p: Page) => Promise<void>][] = [
        ["studio", "/studio", async () => {}],
        ["upload", "/upload", async (p) => {
          await p.setInputFiles(".dropzone input[type=file]", [a, `${dir}/notes.txt`]);
          await p.waitForSelector(".upload-done", { timeout: 60_000 });
        }],
        ["edit", `/studio/videos/${busy.id}`, async () => {}],
      ];
      for (const [device, options] of Object.entries(DEVICES)) {
        for (const colorScheme of ["light", "dark"] as const) {
          const context: BrowserContext = await browser.newContext({
            ...options,
            colorScheme,
            bypassCSP: true,
          });
          await context.addCookies(cookies);
          const p = await context.newPage();
          p.on("pageerror", (e) => problems.push(`${device} ${colorScheme}: ${e.message}`));
          for (const [name, path, act] of shots) {
            const res = await p.goto(base + path);
            assert.equal(res?.status(), 200, path);
            await hydrated(p);
            await act(p);
            const label = `studio-${name}-${device}-${colorScheme}`;
            await p.screenshot({ path: await artifactPath(`${label}.png`), fullPage: true });
            problems.push(...await pageProblems(p, label, { phone: device === "phone" }));
          }
          await context.close();
        }
      }
      // Others see when the scheduled video premieres, not a player.
      const anon = await browser.newContext({ ...DEVICES.phone, bypassCSP: true });
      const ap = await anon.newPage();
      const [premiere] = await sql`select id from videos where title = 'Premiere next week'`;
      await ap.goto(`${base}/v/${premiere.id}`);
      await hydrated(ap);
      assert.match(await ap.locator(".studio-premiere").textContent() ?? "", /Premieres/);
      await ap.screenshot({ path: await artifactPath("studio-premiere-phone-light.png") });
      problems.push(...await pageProblems(ap, "premiere", { phone: true }));
      await anon.close();
      assert.deepEqual(problems, []);
    } finally {
      await browser.close();
      await server.shutdown();
      await services.close();
    }
  },
});
