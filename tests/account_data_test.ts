/**
 * "Your data": the JSON export (mine only, every section), account deletion
 * (the password again, immediate effects, a worker removing stored objects,
 * the last admin kept), and archives of source files (built by a worker,
 * downloadable only by their owner, split into parts, pruned after expiry).
 */
import assert from "node:assert/strict";
import { unzipSync } from "fflate";
import { createApp } from "../app.ts";
import { buildSourceExport } from "../lib/account/source_export.ts";
import { pruneSourceExports } from "../lib/account/prune_exports.ts";
import { notify } from "../lib/notifications/notify.ts";
import { sourceKey } from "../lib/storage/layout.ts";
import { startWorker } from "../workers/mod.ts";
import { listOutbox } from "../lib/mail/mod.ts";
import { GOOD_PASSWORD, TestClient, testEmail, tokenAccount } from "./_harness/client.ts";
import { seedVideoWithMedia } from "./_harness/media_fixture.ts";
import { openTestServices } from "./_harness/services.ts";
import { signUpAndIn } from "./_harness/accounts.ts";

type Services = Awaited<ReturnType<typeof openTestServices>>;
type App = ReturnType<typeof createApp>;

function account(app: App, email?: string) {
  return tokenAccount(app, { email, name: "Dana" });
}

async function withServices(fn: (s: Services, app: App) => Promise<void>) {
  const services = await openTestServices();
  try {
    await fn(services, createApp(services));
  } finally {
    await services.close();
  }
}

/** A video of `ownerId` with stored media and a stored source of `bytes`. */
async function videoWithSource(s: Services, ownerId: string, title: string, bytes: Uint8Array) {
  const { videoId } = await seedVideoWithMedia(s, { visibility: "public" });
  const key = sourceKey(videoId);
  await s.storage.put(key, bytes, { contentType: "video/mp4" });
  await s.db.sql`update videos set owner_id = ${ownerId}, title = ${title}, source_key = ${key},
    source_size = ${bytes.length} where id = ${videoId}`;
  // The upload that brought it, with the type the uploader declared.
  await s.db.sql`insert into uploads (owner_id, video_id, storage_key, storage_upload_id, size,
      part_size, status, expires_at, filename, mime_type)
    values (${ownerId}, ${videoId}, ${key}, 'u', ${bytes.length}, ${bytes.length}, 'completed',
      now(), 'clip.mp4', 'video/mp4')`;
  return videoId;
}

async function keysUnder(s: Services, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const o of s.storage.list(prefix)) keys.push(o.key);
  return keys;
}

async function waitForJob(s: Services, kind: string): Promise<string> {
  for (let i = 0; i < 300; i++) {
    const [job] = await s.db.sql<{ state: string }[]>`
      select state from jobs where kind = ${kind} order by created_at desc limit 1`;
    if (job && ["succeeded", "dead", "failed"].includes(job.state)) return job.state;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  throw new Error(`${kind} did not finish`);
}

Deno.test("data export: a download of everything about me, and nothing about anyone else", async () => {
  await withServices(async (s, app) => {
    const me = await account(app);
    const other = await account(app);
    const mine = await videoWithSource(s, me.id, "My trip", new Uint8Array(10));
    await videoWithSource(s, other.id, "Their trip", new Uint8Array(10));
    await notify(s.db.sql, me.id, { kind: "new_video", data: { title: "News" } });
    // Something of each community section.
    const sql = s.db.sql;
    await sql`insert into comments (video_id, author_id, body) values (${mine}, ${me.id}, 'Mine!')`;
    await sql`insert into video_reactions (user_id, video_id, kind) values (${me.id}, ${mine}, 'like')`;
    await sql`insert into follows (follower_id, creator_id) values (${me.id}, ${other.id})`;
    const [pl] = await sql`insert into playlists (owner_id, title, privacy)
      values (${me.id}, 'Trips', 'public') returning id`;
    await sql`insert into playlist_items (playlist_id, video_id, position) values (${pl.id}, ${mine}, 1)`;
    await sql`insert into watch_history (user_id, video_id, position_s) values (${me.id}, ${mine}, 12.5)`;
    await sql`insert into focus_sessions (user_id, client_id, video_id, started_at, ended_at,
        duration_s, hidden_count, hidden_s, completed)
      values (${me.id}, gen_random_uuid(), ${mine}, now() - interval '2 minutes', now(), 120, 1,
        4.5, true)`;
    await sql`insert into user_warnings (user_id, reason, created_by)
      values (${me.id}, 'Mind the spam', ${other.id})`;
    const r = await me.call("/api/v1/users/me/export");
    assert.equal(r.status, 200);
    assert.match(
      r.headers.get("content-disposition")!,
      /^attachment; filename="videoflow-data-\d{4}-\d\d-\d\d\.json"$/,
    );
    assert.equal(r.headers.get("cache-control"), "private, no-store");
    const data = await r.json();
    assert.equal(data.profile.email, me.email);
    assert.deepEqual(data.videos.map((v: { id: string; title: string }) => [v.id, v.title]), [[
      mine,
      "My trip",
    ]]);
    assert.deepEqual(data.notifications.map((n: { kind: string }) => n.kind), ["new_video"]);
    assert.equal(data.sessions.length, 1);
    assert.deepEqual(data.comments.map((c: { body: string }) => c.body), ["Mine!"]);
    assert.deepEqual(data.reactions.map((r: { kind: string }) => r.kind), ["like"]);
    assert.deepEqual(data.following.map((f: { creatorId: string }) => f.creatorId), [other.id]);
    assert.deepEqual(
      data.playlists.map((p: { title: string; videoIds: string[] }) => [p.title, p.videoIds]),
      [["Trips", [mine]]],
    );
    assert.deepEqual(data.watchHistory.map((h: { positionS: number }) => h.positionS), [12.5]);
    assert.deepEqual(
      data.focusSessions.map((
        f: { durationS: number; hiddenCount: number; completed: boolean },
      ) => [f.durationS, f.hiddenCount, f.completed]),
      [[120, 1, true]],
    );
    assert.deepEqual(data.warnings.map((w: { reason: string }) => w.reason), ["Mind the spam"]);
    assert.deepEqual(data.truncated, []);
    assert.doesNotMatch(JSON.stringify(data), /Their trip|password/i);
    assert.equal((await app.request("/api/v1/users/me/export")).status, 401);
  });
});

Deno.test("account deletion: wrong password refused; then at once gone, and a worker removes the files", async () => {
  await withServices(async (s, app) => {
    const me = await account(app);
    const videoId = await videoWithSource(s, me.id, "Going away", new Uint8Array(64));
    const viewer = new TestClient(app);
    assert.equal((await viewer.request(`/api/v1/videos/${videoId}/playback`)).status, 200);
    const wrong = await me.call("/api/v1/users/me/delete", { json: { password: "not it at all" } });
    assert.equal(wrong.status, 400);
    assert.equal((await me.call("/api/v1/users/me/delete", { json: {} })).status, 400);
    const ok = await me.call("/api/v1/users/me/delete", { json: { password: GOOD_PASSWORD } });
    assert.equal(ok.status, 202);
    // At once: the session is over, the video hidden, the address free again.
    assert.equal((await me.call("/api/v1/auth/me")).status, 401);
    assert.equal((await viewer.request(`/api/v1/videos/${videoId}/playback`)).status, 404);
    const login = await app.request("/api/v1/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: me.email, password: GOOD_PASSWORD }),
    });
    assert.equal(login.status, 401);
    assert.ok((await keysUnder(s, `media/${videoId}/`)).length > 0, "files wait for the job");
    const worker = await startWorker(s, { concurrency: 1 });
    try {
      assert.equal(await waitForJob(s, "delete_account"), "succeeded");
    } finally {
      await worker.stop();
    }
    assert.deepEqual(await keysUnder(s, `media/${videoId}/`), []);
    assert.deepEqual(await keysUnder(s, `raw/${videoId}/`), []);
    const [{ users, videos }] = await s.db.sql`select
      (select count(*)::int from users where id = ${me.id}) as users,
      (select count(*)::int from videos where id = ${videoId}) as videos`;
    assert.deepEqual([users, videos], [0, 0]);
    // The confirmation went to the address the account had (the outbox: no SMTP_URL here).
    const sent = await listOutbox(s.config.mail.outboxDir, { limit: 10 });
    const confirmation = sent.find((m) =>
      m.subject.startsWith("Your VideoFlow account has been deleted")
    );
    assert.equal(confirmation?.to, me.email);
    assert.match(confirmation!.text, /1 video and their files/);
    const again = await account(app, me.email);
    assert.notEqual(again.id, me.id, "the address signs up again as a new account");
  });
});

Deno.test("account deletion: the last administrator stays; the page form needs the box ticked", async () => {
  await withServices(async (s, app) => {
    const admin = await account(app);
    await s.db.sql`update users set role = 'admin' where id = ${admin.id}`;
    const relog = await app.request("/api/v1/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: admin.email, password: GOOD_PASSWORD, session: "token" }),
    });
    const token = (await relog.json()).accessToken;
    const r = await app.request("/api/v1/users/me/delete", {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ password: GOOD_PASSWORD }),
    });
    assert.equal(r.status, 409);
    assert.match((await r.json()).error.message, /only administrator/);

    const browser = new TestClient(app);
    await signUpAndIn(browser, {
      json: { email: testEmail("page"), password: GOOD_PASSWORD, displayName: "Page" },
    });
    const unticked = await browser.request("/settings/data/delete", {
      form: { password: GOOD_PASSWORD },
    });
    assert.equal(unticked.status, 400);
    assert.match(await unticked.text(), /Tick the box/);
    const done = await browser.request("/settings/data/delete", {
      form: { password: GOOD_PASSWORD, confirm: "yes" },
    });
    assert.equal(done.status, 303);
    assert.equal(done.headers.get("location"), "/signin?deleted=1");
    assert.equal((await browser.request("/settings/data")).status, 303, "signed out");
  });
});

Deno.test("source archive: built by a worker, mine alone to download, one at a time", async () => {
  await withServices(async (s, app) => {
    const me = await account(app);
    const other = await account(app);
    const a = Uint8Array.from({ length: 5000 }, (_, i) => i % 251);
    const b = Uint8Array.from({ length: 3000 }, (_, i) => (i * 7) % 253);
    const va = await videoWithSource(s, me.id, "Beach / day 1", a);
    const vb = await videoWithSource(s, me.id, "Night", b);
    const r = await me.call("/api/v1/users/me/exports", { json: {} });
    assert.equal(r.status, 202);
    const { export: made } = await r.json();
    assert.equal(made.state, "pending");
    assert.equal((await me.call("/api/v1/users/me/exports", { json: {} })).status, 409);
    const worker = await startWorker(s, { concurrency: 1 });
    try {
      assert.equal(await waitForJob(s, "export_sources"), "succeeded");
    } finally {
      await worker.stop();
    }
    const list = await (await me.call("/api/v1/users/me/exports")).json();
    assert.equal(list.exports[0].state, "complete");
    assert.equal(list.exports[0].videoCount, 2);
    assert.equal(list.exports[0].parts, 1);
    const link = await me.call(`/api/v1/users/me/exports/${made.id}/parts/1`);
    assert.equal(link.status, 200);
    const { url } = await link.json();
    const zip = new Uint8Array(await (await app.request(url)).arrayBuffer());
    const files = unzipSync(zip);
    assert.deepEqual(Object.keys(files).sort(), [`Beach  day 1-${va}.mp4`, `Night-${vb}.mp4`]);
    assert.deepEqual(files[`Beach  day 1-${va}.mp4`], a);
    assert.deepEqual(files[`Night-${vb}.mp4`], b);
    // Someone else cannot get a link to it; a part that does not exist is a 404.
    assert.equal((await other.call(`/api/v1/users/me/exports/${made.id}/parts/1`)).status, 404);
    assert.equal((await me.call(`/api/v1/users/me/exports/${made.id}/parts/2`)).status, 404);
    const [notice] = await s.db.sql`select kind from notifications where user_id = ${me.id}`;
    assert.equal(notice.kind, "export_ready");
    // Past its week the archive is removed and no link is given.
    await s.db.sql`update account_exports set expires_at = now() - interval '1 minute'`;
    assert.equal(await pruneSourceExports({ sql: s.db.sql, storage: s.storage }), 1);
    assert.deepEqual(await keysUnder(s, `exports/${me.id}/`), []);
    assert.equal((await me.call(`/api/v1/users/me/exports/${made.id}/parts/1`)).status, 404);
  });
});

Deno.test("source archive: cut into parts below the part limit, each a whole ZIP", async () => {
  await withServices(async (s, app) => {
    const me = await account(app);
    for (let i = 0; i < 3; i++) {
      await videoWithSource(s, me.id, `V${i}`, new Uint8Array(4000).fill(i + 1));
    }
    const [row] = await s.db.sql<{ id: string }[]>`
      insert into account_exports (user_id) values (${me.id}) returning id`;
    const tmpDir = await Deno.makeTempDir({ dir: s.dir });
    const done = await buildSourceExport({ sql: s.db.sql, storage: s.storage }, row.id, {
      tmpDir,
      maxPartBytes: 6000,
    });
    assert.equal(done?.parts, 3);
    assert.equal(done?.videoCount, 3);
    const keys = await keysUnder(s, `exports/${me.id}/`);
    assert.equal(keys.length, 3);
    for (const key of keys) {
      const object = await s.storage.get(key);
      const files = unzipSync(new Uint8Array(await new Response(object!.body).arrayBuffer()));
      assert.equal(Object.keys(files).length, 1);
    }
    assert.deepEqual([...Deno.readDirSync(tmpDir)], [], "temporary files are removed");
    // Run again: a finished export is left alone.
    assert.equal(
      await buildSourceExport({ sql: s.db.sql, storage: s.storage }, row.id, { tmpDir }),
      undefined,
    );
  });
});
