/**
 * The analytics pages through app.request(): a creator sees the rolled-up
 * numbers of their channel and video (and the CSV), nobody else's; the admin
 * page is for admins only.
 */
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import { rollupPending } from "../lib/analytics/rollup.ts";
import { utcDay } from "../lib/analytics/partitions.ts";
import { TestClient } from "./_harness/client.ts";
import { addPlayableVideo, signUp } from "./_harness/community.ts";
import { openTestServices } from "./_harness/services.ts";

Deno.test("analytics pages: a creator's numbers, CSV, and who may see what", async () => {
  const services = await openTestServices();
  try {
    const sql = services.db.sql;
    const app = createApp(services);
    const owner = new TestClient(app);
    const ownerId = await signUp(owner, sql, "creator");
    const videoId = await addPlayableVideo(sql, ownerId, { durationS: 50, title: "=Cats" });
    const viewer = new TestClient(app);
    const now = Date.now();
    for (const sessionId of [crypto.randomUUID(), crypto.randomUUID()]) {
      const r = await viewer.request("/api/v1/events", {
        json: {
          sessionId,
          videoId,
          page: "watch",
          referrer: "",
          tz: "Europe/Oslo",
          optOut: false,
          events: [
            { seq: 0, at: now, kind: "play", pos: 0 },
            { seq: 1, at: now, kind: "progress", from: 0, to: 25 },
            { seq: 2, at: now, kind: "startup", value: 800 },
          ],
        },
      });
      assert.equal(r.status, 202);
    }
    await rollupPending(sql);
    const page = await owner.request("/studio/analytics?range=7");
    assert.equal(page.status, 200);
    const html = await page.text();
    // Two views, 50 s watched, shown in the tiles and in the table of the views chart.
    assert.match(html, /<dt>Views<\/dt><dd>2<\/dd>/);
    assert.match(html, /<dt>Watch time<\/dt><dd>50 s<\/dd>/);
    assert.match(html, /<dt>Average view<\/dt><dd>25 s<\/dd>/);
    assert.match(html, new RegExp(`<th scope="row">${utcDay(now)}</th><td>2</td>`));
    assert.match(html, /Europe\/Oslo/);
    assert.match(html, /<th scope="row">direct<\/th>/);
    assert.match(html, new RegExp(`href="/studio/analytics/videos/${videoId}"`));
    const one = await owner.request(`/studio/analytics/videos/${videoId}`);
    assert.equal(one.status, 200);
    const oneHtml = await one.text();
    assert.match(oneHtml, /Audience retention/);
    // Half the video watched by both views: the first 50 buckets at 100 %, then 0 %.
    assert.match(oneHtml, /<th scope="row">49%<\/th><td>100%<\/td>/);
    assert.match(oneHtml, /<th scope="row">50%<\/th><td>0%<\/td>/);
    assert.match(oneHtml, /data-seek="25"/);
    const csv = await owner.request(`/studio/analytics.csv?range=7&video=${videoId}`);
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get("content-type")!, /^text\/csv/);
    const lines = (await csv.text()).trim().split("\r\n");
    assert.equal(lines.length, 2);
    // A title a spreadsheet would run is defused; startup 800 ms is in the 800–900 ms bucket.
    assert.equal(lines[1], `${utcDay(now)},${videoId},"'=Cats",2,1,50,25,0,900,900,0,0`);

    // Another creator sees nothing of it (403, as on the studio edit page of a public video).
    const other = new TestClient(app);
    await signUp(other, sql, "creator");
    assert.equal((await other.request(`/studio/analytics/videos/${videoId}`)).status, 403);
    assert.equal((await other.request(`/studio/analytics.csv?video=${videoId}`)).status, 403);
    assert.doesNotMatch(await (await other.request("/studio/analytics")).text(), /=Cats/);
    // The admin page: admins only.
    assert.equal((await owner.request("/admin/analytics")).status, 403);
    const admin = new TestClient(app);
    await signUp(admin, sql, "admin");
    const adminPage = await admin.request("/admin/analytics?range=7");
    assert.equal(adminPage.status, 200);
    assert.match(await adminPage.text(), /Startup time \(goal: p95 under 2 s\)/);
    // Signed out: to the sign-in page.
    assert.equal((await viewer.request("/studio/analytics")).status, 303);
  } finally {
    await services.close();
  }
});
