/**
 * Notifications: what processing tells an owner, preferences (a kind off, email
 * only, security locked), the list and read marks through the API and the
 * pages, and the tab's live stream (its first event, the videos it may watch,
 * the cap it shares with the processing stream).
 */
import assert from "node:assert/strict";
import { type AppOptions, createApp } from "../app.ts";
import { notify, notifyMany } from "../lib/notifications/notify.ts";
import { markFailed, markReady } from "../lib/videos/processing.ts";
import { GOOD_PASSWORD, TestClient, testEmail, tokenAccount } from "./_harness/client.ts";
import { openTestServices } from "./_harness/services.ts";
import { signUpAndIn } from "./_harness/accounts.ts";

type App = ReturnType<typeof createApp>;

function account(app: App, name = "n") {
  return tokenAccount(app, { name });
}

async function withApp(
  fn: (
    ctx: { app: App; sql: Awaited<ReturnType<typeof openTestServices>>["db"]["sql"] },
  ) => Promise<void>,
  options: AppOptions = {},
) {
  const services = await openTestServices();
  try {
    await fn({ app: createApp(services, options), sql: services.db.sql });
  } finally {
    await services.close();
  }
}

async function processingVideo(
  sql: Parameters<typeof markReady>[0],
  ownerId: string,
  title = "Clip",
) {
  const [v] = await sql<{ id: string }[]>`
    insert into videos (owner_id, title, status) values (${ownerId}, ${title}, 'processing')
    returning id`;
  return v.id;
}

Deno.test("processing tells the owner once: ready (per job, not per retry) and failed", async () => {
  await withApp(async ({ app, sql }) => {
    const owner = await account(app, "owner");
    const a = await processingVideo(sql, owner.id, "First <b>clip</b>");
    const b = await processingVideo(sql, owner.id, "Second");
    assert.equal(await markReady(sql, { videoId: a, jobId: crypto.randomUUID() }, {}), true);
    const jobId = crypto.randomUUID();
    // A retried handler finishing again does not notify again.
    await sql`update videos set status = 'processing' where id = ${b}`;
    await markReady(sql, { videoId: b, jobId }, {});
    await sql`update videos set status = 'processing' where id = ${b}`;
    await markReady(sql, { videoId: b, jobId }, {});
    const c = await processingVideo(sql, owner.id, "Broken");
    await markFailed(sql, c, "The file has no video stream.");
    const r = await owner.call("/api/v1/notifications");
    assert.equal(r.status, 200);
    const body = await r.json();
    assert.equal(body.unread, 3);
    assert.deepEqual(
      body.notifications.map((n: { kind: string; videoId: string; data: unknown }) => [
        n.kind,
        n.videoId,
        n.data,
      ]),
      [
        ["video_failed", c, { title: "Broken", reason: "The file has no video stream." }],
        ["video_ready", b, { title: "Second" }],
        ["video_ready", a, { title: "First <b>clip</b>" }],
      ],
    );
    // Nobody else hears of it.
    const other = await account(app, "other");
    assert.deepEqual((await (await other.call("/api/v1/notifications")).json()).notifications, []);
  });
});

Deno.test("notifications API: pages by cursor, marks read, refuses others' ids and bad input", async () => {
  await withApp(async ({ app, sql }) => {
    const me = await account(app, "me");
    const other = await account(app, "other");
    for (let i = 0; i < 5; i++) {
      await notify(sql, me.id, { kind: "new_video", actorId: other.id, data: { title: `V${i}` } });
    }
    await notify(sql, other.id, { kind: "new_video", data: { title: "theirs" } });
    const first = await (await me.call("/api/v1/notifications?limit=2")).json();
    assert.deepEqual(first.notifications.map((n: { data: { title: string } }) => n.data.title), [
      "V4",
      "V3",
    ]);
    assert.equal(first.notifications[0].actorName, "other");
    const second = await (await me.call(`/api/v1/notifications?limit=2&cursor=${first.nextCursor}`))
      .json();
    assert.deepEqual(second.notifications.map((n: { data: { title: string } }) => n.data.title), [
      "V2",
      "V1",
    ]);
    // Marking another user's notification read changes nothing of theirs.
    const theirs = (await (await other.call("/api/v1/notifications")).json()).notifications[0];
    const r = await me.call("/api/v1/notifications/read", { json: { ids: [theirs.id] } });
    assert.deepEqual(await r.json(), { marked: 0, unread: 5 });
    assert.equal((await (await other.call("/api/v1/notifications")).json()).unread, 1);
    const one = await me.call("/api/v1/notifications/read", {
      json: { ids: [first.notifications[0].id] },
    });
    assert.deepEqual(await one.json(), { marked: 1, unread: 4 });
    const unreadOnly = await (await me.call("/api/v1/notifications?unread=1")).json();
    assert.equal(unreadOnly.notifications.length, 4);
    const all = await me.call("/api/v1/notifications/read", { json: { all: true } });
    assert.deepEqual(await all.json(), { marked: 4, unread: 0 });
    for (
      const bad of [
        { ids: [] },
        { ids: ["0"] },
        { ids: ["1; drop table users"] },
        { all: false },
        { ids: ["1"], all: true },
      ]
    ) {
      const res = await me.call("/api/v1/notifications/read", { json: bad });
      assert.equal(res.status, 400, JSON.stringify(bad));
    }
    for (
      const q of ["cursor=abc", "cursor=-1", "limit=0", "limit=51", "cursor=99999999999999999999"]
    ) {
      assert.equal((await me.call(`/api/v1/notifications?${q}`)).status, 400, q);
    }
    const anon = await app.request("/api/v1/notifications");
    assert.equal(anon.status, 401);
    // A banned user's session is refused like any ended one.
    await sql`update users set banned_at = now() where id = ${me.id}`;
    assert.equal((await me.call("/api/v1/notifications")).status, 401);
  });
});

Deno.test("preferences: a kind turned off is not stored, email-only is kept out of the list, security stays on", async () => {
  await withApp(async ({ app, sql }) => {
    const me = await account(app, "prefs");
    const defaults = await (await me.call("/api/v1/notifications/preferences")).json();
    assert.deepEqual(defaults.video_ready, { inApp: true, email: false });
    assert.deepEqual(defaults.security, { inApp: true, email: true });
    const put = await me.call("/api/v1/notifications/preferences", {
      method: "PUT",
      json: {
        video_ready: { inApp: false, email: false },
        new_video: { inApp: false, email: true },
        security: { inApp: false, email: false },
      },
    });
    assert.equal(put.status, 200);
    const now = await put.json();
    assert.deepEqual(now.video_ready, { inApp: false, email: false });
    assert.deepEqual(now.security, { inApp: true, email: true }, "security cannot be turned off");
    assert.deepEqual(now.video_comment, { inApp: true, email: false }, "others keep theirs");
    const v = await processingVideo(sql, me.id);
    await markReady(sql, { videoId: v, jobId: crypto.randomUUID() }, {});
    await notify(sql, me.id, { kind: "new_video", data: { title: "mailed" } });
    await notify(sql, me.id, { kind: "security", data: { reason: "Your password was changed." } });
    const rows = await sql`select kind, in_app, email from notifications where user_id = ${me.id}
      order by id`;
    assert.deepEqual(rows.map((r) => [r.kind, r.in_app, r.email]), [
      ["new_video", false, true],
      ["security", true, true],
    ]);
    const list = await (await me.call("/api/v1/notifications")).json();
    assert.deepEqual(list.notifications.map((n: { kind: string }) => n.kind), ["security"]);
    const bad = await me.call("/api/v1/notifications/preferences", {
      method: "PUT",
      json: { nonsense: { inApp: true, email: true } },
    });
    assert.equal(bad.status, 400);
  });
});

Deno.test("notify: never the actor themselves, once per dedupe key, and a fan-out in one statement", async () => {
  await withApp(async ({ app, sql }) => {
    const a = await account(app, "a");
    const b = await account(app, "b");
    assert.equal(await notify(sql, a.id, { kind: "video_comment", actorId: a.id }), false);
    assert.equal(await notify(sql, a.id, { kind: "video_comment", dedupeKey: "k" }), true);
    assert.equal(await notify(sql, a.id, { kind: "video_comment", dedupeKey: "k" }), false);
    const long = "x".repeat(5000);
    const stored = await notifyMany(sql, [a.id, b.id], {
      kind: "new_video",
      actorId: b.id,
      data: { title: long },
    });
    assert.equal(stored, 1, "the actor is left out of a fan-out too");
    const [row] = await sql`select data from notifications where kind = 'new_video'`;
    assert.equal(row.data.title.length, 200);
    await assert.rejects(() => notifyMany(sql, Array(1001).fill(a.id), { kind: "new_video" }));
  });
});

/** Reads an event stream until `until` matches its text (or `ms` pass); then cancels it. */
async function readUntil(res: Response, until: RegExp, ms = 10_000): Promise<string> {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  const deadline = Date.now() + ms;
  while (!until.test(text) && Date.now() < deadline) {
    const next = await Promise.race([
      reader.read(),
      new Promise<"timeout">((ok) => setTimeout(() => ok("timeout"), deadline - Date.now())),
    ]);
    if (next === "timeout" || next.done) break;
    text += next.value;
  }
  await reader.cancel();
  return text;
}

Deno.test("the tab's stream: the unread count at once, status of my videos only, one cap with the processing stream", async () => {
  await withApp(async ({ app, sql }) => {
    const me = await account(app, "s");
    const other = await account(app, "t");
    await notify(sql, me.id, { kind: "new_video", data: { title: "x" } });
    const mine = await processingVideo(sql, me.id);
    const theirs = await processingVideo(sql, other.id);
    const r = await me.call(`/api/v1/users/me/events?videos=${mine}`);
    assert.equal(r.status, 200);
    const text = await readUntil(r, /event: status/);
    assert.match(text, /event: notifications\ndata: {"unread":1,"newestId":"\d+"}/);
    assert.match(
      text,
      new RegExp(`event: status\\ndata: {"videoId":"${mine}","status":"processing"`),
    );
    assert.equal((await me.call(`/api/v1/users/me/events?videos=${theirs}`)).status, 404);
    const six = Array.from({ length: 6 }, () => crypto.randomUUID()).join(",");
    assert.equal((await me.call(`/api/v1/users/me/events?videos=${six}`)).status, 400);
    assert.equal((await me.call(`/api/v1/users/me/events?videos=nope`)).status, 400);
    assert.equal((await app.request("/api/v1/users/me/events")).status, 401);
    // Two slots: one taken here, one by the processing stream, then none.
    const held = await me.call("/api/v1/users/me/events");
    const processing = await me.call(`/api/v1/videos/${mine}/events`);
    assert.equal(held.status, 200);
    assert.equal(processing.status, 200);
    const third = await me.call("/api/v1/users/me/events");
    assert.equal(third.status, 429);
    await third.body?.cancel();
    await held.body!.cancel();
    await processing.body!.cancel();
  }, { eventStreams: { maxPerUser: 2 } });
});

Deno.test("pages: /notifications lists and marks read; /settings/notifications saves choices", async () => {
  await withApp(async ({ app, sql }) => {
    const browser = new TestClient(app);
    const r = await signUpAndIn(browser, {
      json: { email: testEmail("page"), password: GOOD_PASSWORD, displayName: "Page" },
    });
    const { user } = await r.json();
    assert.equal((await new TestClient(app).request("/notifications")).status, 303);
    const empty = await (await browser.request("/notifications")).text();
    assert.match(empty, /Nothing yet/);
    const v = await processingVideo(sql, user.id, "Holiday <script>alert(1)</script>");
    await markReady(sql, { videoId: v, jobId: crypto.randomUUID() }, {});
    const html = await (await browser.request("/notifications")).text();
    assert.match(html, /Holiday &lt;script>alert\(1\)&lt;\/script>|Holiday &lt;script&gt;/);
    assert.doesNotMatch(html, /<script>alert/);
    assert.match(html, new RegExp(`href="/v/${v}"`));
    assert.match(html, /class="notification unread"/);
    const [{ unread }] = await sql`select count(*)::int as unread from notifications
      where user_id = ${user.id} and read_at is null`;
    assert.equal(unread, 0, "the page shown is marked read");
    const saved = await browser.request("/settings/notifications", {
      form: { "video_ready.email": "on", "new_video.inApp": "on" },
    });
    assert.equal(saved.status, 303);
    const prefs = await (await browser.request("/settings/notifications?saved=1")).text();
    assert.match(prefs, /Saved\./);
    const rows = await sql`select kind, in_app, email from notification_prefs
      where user_id = ${user.id} and kind in ('video_ready', 'new_video', 'security') order by kind`;
    assert.deepEqual(rows.map((x) => [x.kind, x.in_app, x.email]), [
      ["new_video", true, false],
      ["video_ready", false, true],
    ]);
  });
});

Deno.test("a password change is a security notice, in the app and by email, whatever the preferences", async () => {
  await withApp(async ({ app, sql }) => {
    const me = await account(app, "sec");
    const r = await me.call("/api/v1/auth/password", {
      json: { currentPassword: GOOD_PASSWORD, newPassword: "another long passphrase 42" },
    });
    assert.equal(r.status, 200, await r.clone().text());
    const rows = await sql`select kind, in_app, email, data from notifications
      where user_id = ${me.id}`;
    assert.deepEqual(rows.map((x) => [x.kind, x.in_app, x.email]), [["security", true, true]]);
    assert.match(rows[0].data.reason, /password was changed/);
  });
});
