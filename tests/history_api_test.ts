/** /api/v1/history and /history: record, resume, list, remove, clear, pause; who may. */
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import { HISTORY_REPORTS_PER_MINUTE } from "../routes/api/v1/history.ts";
import { TestClient } from "./_harness/client.ts";
import { addPlayableVideo, signUp } from "./_harness/community.ts";
import { seedVideoWithMedia } from "./_harness/media_fixture.ts";
import { openTestServices } from "./_harness/services.ts";

const LIMITS = { rateLimits: { auth: 1000, apiUser: 10_000, apiIp: 10_000 } };

async function report(client: TestClient, videoId: string, positionS: unknown) {
  return await client.request(`/api/v1/history/${videoId}`, { json: { positionS } });
}

async function entries(client: TestClient, query = "") {
  const r = await client.request(`/api/v1/history${query}`);
  assert.equal(r.status, 200);
  return await r.json();
}

Deno.test("history: positions are recorded within the video's duration, listed newest first, and resumed on the watch page", async () => {
  const s = await openTestServices();
  try {
    const app = createApp(s, {
      ...LIMITS,
      hls: { file: new URL("file:///x"), url: "/_vendor/hls.js" },
    });
    const sql = s.db.sql;
    const me = new TestClient(app);
    const myId = await signUp(me, sql);
    const { videoId: playable } = await seedVideoWithMedia(s, { visibility: "public" });
    await sql`update videos set duration_s = 60 where id = ${playable}`;
    const other = await addPlayableVideo(sql, myId, { durationS: 30, title: "Second" });

    assert.equal((await report(me, playable, 12.5)).status, 200);
    const far = await report(me, other, 9999);
    assert.deepEqual(await far.json(), { recorded: true });
    const list = await entries(me);
    assert.deepEqual(list.entries.map((e: { id: string }) => e.id), [other, playable]);
    assert.equal(list.entries[0].positionS, 30, "bounded by the duration");
    assert.equal(list.entries[1].positionS, 12.5);
    assert.equal(list.paused, false);

    // The watch page hands the player the server's position and asks it to report.
    const page = await (await me.request(`/v/${playable}`)).text();
    assert.match(page, /&quot;historyS&quot;:12\.5/);
    assert.match(page, /&quot;recordHistory&quot;:true/);
    // Watched to the end: start over.
    await report(me, playable, 58);
    assert.match(await (await me.request(`/v/${playable}`)).text(), /&quot;historyS&quot;:0[,}]/);
    // Anonymous viewers get neither.
    const anonPage = await (await app.request(`/v/${playable}`)).text();
    assert.doesNotMatch(anonPage, /historyS|recordHistory/);

    // A video turned private by its owner leaves the history and is not resumed.
    await sql`update videos set visibility = 'private' where id = ${playable}`;
    await sql`update videos set visibility = 'private' where id = ${other}`;
    const own = await entries(me);
    assert.deepEqual(own.entries.map((e: { id: string }) => e.id), [other], "own private stays");
    assert.equal((await report(me, playable, 3)).status, 404);

    for (const bad of [-1, "10", null, 1e9, Number.NaN]) {
      assert.equal((await report(me, other, bad)).status, 400, String(bad));
    }
    const extra = await me.request(`/api/v1/history/${other}`, {
      json: { positionS: 1, more: true },
    });
    assert.equal(extra.status, 400);
    assert.equal((await report(me, crypto.randomUUID(), 1)).status, 404);
    assert.equal((await me.request("/api/v1/history?cursor=zzz!")).status, 400);
  } finally {
    await s.close();
  }
});

Deno.test("history: cursor pages, remove one, clear all, pause (nothing recorded), 401 for anonymous and banned", async () => {
  const s = await openTestServices();
  try {
    const app = createApp(s, LIMITS);
    const sql = s.db.sql;
    const me = new TestClient(app);
    const admin = new TestClient(app);
    const myId = await signUp(me, sql);
    await signUp(admin, sql, "admin");
    const videos: string[] = [];
    for (let i = 0; i < 7; i++) {
      const v = await addPlayableVideo(sql, myId, { title: `V${i}` });
      videos.push(v);
      await sql`insert into watch_history (user_id, video_id, position_s, watched_at)
        values (${myId}, ${v}, ${i}, now() - ${`${i} minutes`}::interval)`;
    }
    // Pages of 3: newest first, each once.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { entries: { id: string }[]; nextCursor: string | null } = await entries(
        me,
        `?limit=3${cursor ? `&cursor=${cursor}` : ""}`,
      );
      seen.push(...page.entries.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(seen, videos);

    assert.equal(
      (await me.request(`/api/v1/history/${videos[0]}`, { method: "DELETE" })).status,
      204,
    );
    assert.equal(
      (await me.request(`/api/v1/history/${videos[0]}`, { method: "DELETE" })).status,
      404,
    );
    assert.equal((await entries(me)).entries.length, 6);

    // Paused: reports are accepted but nothing is stored; the page says so.
    const put = await me.request("/api/v1/history/settings", {
      method: "PUT",
      json: { paused: true },
    });
    assert.deepEqual(await put.json(), { paused: true });
    const r = await report(me, videos[0], 10);
    assert.deepEqual(await r.json(), { recorded: false });
    assert.equal((await entries(me)).entries.length, 6);
    assert.equal((await entries(me)).paused, true);
    const html = await (await me.request("/history")).text();
    assert.match(html, /History is paused/);
    assert.match(html, /Resume history/);
    // The player is told not to report while paused.
    const watch = await (await me.request(`/v/${videos[1]}`)).text();
    assert.doesNotMatch(watch, /recordHistory/);
    // Resumed through the page's form (no JavaScript).
    const resumed = await me.request("/history/pause", { form: { paused: "0" } });
    assert.equal(resumed.status, 303);
    assert.deepEqual(await (await me.request("/api/v1/history/settings")).json(), {
      paused: false,
    });
    assert.deepEqual(await (await report(me, videos[0], 10)).json(), { recorded: true });

    // Remove one and clear all through the page's forms.
    const removed = await me.request(`/history/${videos[0]}/remove`, { form: {} });
    assert.equal(removed.status, 303);
    assert.equal((await entries(me)).entries.length, 6);
    const page = await (await me.request("/history")).text();
    assert.match(page, /<progress[^>]*value="\d+"/);
    assert.equal((await me.request("/history/clear", { form: {} })).status, 303);
    assert.equal((await entries(me)).entries.length, 0);
    assert.equal((await me.request("/api/v1/history", { method: "DELETE" })).status, 204);

    // Others' histories are their own: the admin sees an empty one.
    await report(me, videos[2], 5);
    assert.equal((await entries(admin)).entries.length, 0);

    // Deleting a video or the user removes the rows.
    await sql`delete from videos where id = ${videos[2]}`;
    assert.equal((await entries(me)).entries.length, 0);
    await report(me, videos[3], 5);
    await sql`delete from users where id = ${myId}`;
    const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from watch_history`;
    assert.equal(n, 0);

    // Anonymous and banned: 401 everywhere; the page sends them to sign in.
    const anon = new TestClient(app);
    const banned = new TestClient(app);
    const bannedId = await signUp(banned, sql);
    const ban = await admin.request(`/api/v1/users/${bannedId}/ban`, {
      method: "PUT",
      json: { reason: "spam" },
    });
    assert.equal(ban.status, 204);
    for (const client of [anon, banned]) {
      assert.equal((await client.request("/api/v1/history")).status, 401);
      assert.equal((await report(client, videos[4], 1)).status, 401);
      assert.equal(
        (await client.request(`/api/v1/history/${videos[4]}`, { method: "DELETE" })).status,
        401,
      );
      assert.equal((await client.request("/api/v1/history", { method: "DELETE" })).status, 401);
      const settings = await client.request("/api/v1/history/settings", {
        method: "PUT",
        json: { paused: true },
      });
      assert.equal(settings.status, 401);
      assert.equal((await client.request("/history")).status, 303);
    }
  } finally {
    await s.close();
  }
});

Deno.test("history: position reports are rate-limited per user", async () => {
  const s = await openTestServices();
  try {
    const app = createApp(s, LIMITS);
    const me = new TestClient(app);
    const myId = await signUp(me, s.db.sql);
    const v = await addPlayableVideo(s.db.sql, myId);
    for (let i = 0; i < HISTORY_REPORTS_PER_MINUTE; i++) {
      assert.equal((await report(me, v, i)).status, 200);
    }
    const over = await report(me, v, 99);
    assert.equal(over.status, 429);
    assert.ok(Number(over.headers.get("retry-after")) >= 1);
    // Other routes are not affected.
    assert.equal((await me.request("/api/v1/history")).status, 200);
  } finally {
    await s.close();
  }
});
