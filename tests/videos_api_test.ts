/** GET/PATCH/DELETE /api/v1/videos/:id, reprocess (admin) and /api/v1/me/videos. */
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import type { Sql } from "../lib/db/mod.ts";
import { GOOD_PASSWORD, TestClient, testEmail } from "./_harness/client.ts";
import { openTestServices } from "./_harness/services.ts";
import { signUpAndIn } from "./_harness/accounts.ts";

async function signUp(client: TestClient, sql: Sql, role?: string): Promise<string> {
  const email = testEmail("vid");
  const r = await signUpAndIn(client, {
    json: { email, password: GOOD_PASSWORD, displayName: "Vid" },
  });
  assert.equal(r.status, 200);
  const { user } = await r.json();
  if (role) await sql`update users set role = ${role} where id = ${user.id}`;
  return user.id;
}

async function addVideo(
  sql: Sql,
  ownerId: string,
  fields: { visibility: string; status?: string; title?: string },
): Promise<string> {
  const [v] = await sql<{ id: string }[]>`
    insert into videos (owner_id, title, visibility, status, source_key)
    values (${ownerId}, ${fields.title ?? "A video"}, ${fields.visibility},
            ${fields.status ?? "ready"}, null)
    returning id`;
  await sql`update videos set source_key = ${`raw/${v.id}/source`} where id = ${v.id}`;
  return v.id;
}

Deno.test("GET /api/v1/videos/:id answers the video with its status to whoever may see it", async () => {
  const s = await openTestServices();
  try {
    const app = createApp(s, { rateLimits: { auth: 1000 } });
    const owner = new TestClient(app);
    const other = new TestClient(app);
    const admin = new TestClient(app);
    const ownerId = await signUp(owner, s.db.sql);
    await signUp(other, s.db.sql);
    await signUp(admin, s.db.sql, "admin");
    const pub = await addVideo(s.db.sql, ownerId, { visibility: "public" });
    const priv = await addVideo(s.db.sql, ownerId, { visibility: "private", status: "processing" });

    const anon = await app.request(`/api/v1/videos/${pub}`);
    assert.equal(anon.status, 200);
    const { video } = await anon.json();
    assert.equal(video.id, pub);
    assert.equal(video.title, "A video");
    assert.equal(video.status, "ready");
    assert.equal(video.progress, 100);
    assert.equal(video.playable, false);
    assert.equal(video.error, null);

    assert.equal((await app.request(`/api/v1/videos/${priv}`)).status, 404);
    assert.equal((await other.request(`/api/v1/videos/${priv}`)).status, 404);
    const mine = await owner.request(`/api/v1/videos/${priv}`);
    assert.equal(mine.status, 200);
    assert.equal((await mine.json()).video.status, "processing");
    assert.equal((await admin.request(`/api/v1/videos/${priv}`)).status, 200);
    assert.equal((await app.request(`/api/v1/videos/not-a-uuid`)).status, 400);
  } finally {
    await s.close();
  }
});

Deno.test("PATCH /api/v1/videos/:id validates and applies metadata for the owner only", async () => {
  const s = await openTestServices();
  try {
    const app = createApp(s, { rateLimits: { auth: 1000 } });
    const owner = new TestClient(app);
    const other = new TestClient(app);
    const ownerId = await signUp(owner, s.db.sql);
    await signUp(other, s.db.sql);
    const id = await addVideo(s.db.sql, ownerId, { visibility: "private" });
    const patch = (client: TestClient, json: unknown) =>
      client.request(`/api/v1/videos/${id}`, { method: "PATCH", json });

    const r = await patch(owner, {
      title: "  Sunset  ",
      description: "Over the <sea>",
      tags: ["beach", "#sun", "beach"],
      category: "travel",
      visibility: "public",
    });
    assert.equal(r.status, 200);
    const { video } = await r.json();
    assert.equal(video.title, "Sunset");
    assert.deepEqual(video.tags, ["beach", "sun"]);
    assert.equal(video.category, "travel");
    assert.equal(video.visibility, "public");
    assert.ok(video.publishedAt, "first time public sets the publishing time");

    for (
      const bad of [
        { title: "" },
        { title: "x".repeat(201) },
        { description: "x".repeat(5001) },
        { tags: Array.from({ length: 11 }, (_, i) => `t${i}`) },
        { tags: ["x".repeat(41)] },
        { visibility: "friends" },
        { owner_id: "someone" },
      ]
    ) {
      const res = await patch(owner, bad);
      assert.equal(res.status, 400, JSON.stringify(bad).slice(0, 60));
      await res.body?.cancel();
    }
    const denied = await patch(other, { title: "Mine now" });
    assert.equal(denied.status, 403, "a public video is visible but not theirs");
    await denied.body?.cancel();
    const anon = await app.request(`/api/v1/videos/${id}`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ title: "x" }),
    });
    assert.equal(anon.status, 401);
    const [row] = await s.db.sql`select title from videos where id = ${id}`;
    assert.equal(row.title, "Sunset");
  } finally {
    await s.close();
  }
});

Deno.test("DELETE /api/v1/videos/:id removes files and rows; reprocess is for admins; me/videos lists own", async () => {
  const s = await openTestServices();
  try {
    const app = createApp(s, { rateLimits: { auth: 1000 } });
    const owner = new TestClient(app);
    const other = new TestClient(app);
    const admin = new TestClient(app);
    const ownerId = await signUp(owner, s.db.sql);
    const otherId = await signUp(other, s.db.sql);
    await signUp(admin, s.db.sql, "admin");
    const id = await addVideo(s.db.sql, ownerId, { visibility: "public", title: "First" });
    const second = await addVideo(s.db.sql, ownerId, { visibility: "private", title: "Second" });
    await addVideo(s.db.sql, otherId, { visibility: "public", title: "Theirs" });
    await s.storage.put(`raw/${id}/source`, new Uint8Array(10));
    await s.storage.put(`media/${id}/master.m3u8`, "#EXTM3U\n");

    const list = await owner.request("/api/v1/me/videos");
    assert.equal(list.status, 200);
    const { videos } = await list.json();
    assert.deepEqual(videos.map((v: { title: string }) => v.title).sort(), ["First", "Second"]);
    assert.ok(videos.every((v: { status: string }) => v.status === "ready"));
    assert.equal((await app.request("/api/v1/me/videos")).status, 401);

    const byCreator = await owner.request(`/api/v1/videos/${second}/reprocess`, { method: "POST" });
    assert.equal(byCreator.status, 403);
    await byCreator.body?.cancel();
    const byAdmin = await admin.request(`/api/v1/videos/${second}/reprocess`, { method: "POST" });
    assert.equal(byAdmin.status, 202);
    assert.ok((await byAdmin.json()).jobId);
    const [job] = await s.db.sql`select status from transcode_jobs where video_id = ${second}`;
    assert.equal(job.status, "queued");

    const denied = await other.request(`/api/v1/videos/${id}`, { method: "DELETE" });
    assert.equal(denied.status, 403);
    await denied.body?.cancel();
    const hidden = await other.request(`/api/v1/videos/${second}`, { method: "DELETE" });
    assert.equal(hidden.status, 404);
    await hidden.body?.cancel();
    const del = await owner.request(`/api/v1/videos/${id}`, { method: "DELETE" });
    assert.equal(del.status, 204);
    assert.equal(await s.storage.head(`raw/${id}/source`), undefined);
    assert.equal(await s.storage.head(`media/${id}/master.m3u8`), undefined);
    assert.equal((await app.request(`/api/v1/videos/${id}`)).status, 404);
  } finally {
    await s.close();
  }
});
