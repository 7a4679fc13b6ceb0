/** Comments: who may create, edit, delete, pin, approve and change settings. */
import assert from "node:assert/strict";
import { communityApp, type Member } from "./_harness/community.ts";
import type { TestClient } from "./_harness/client.ts";

async function post(client: TestClient, videoId: string, body: string, parentId?: string) {
  return await client.request(`/api/v1/videos/${videoId}/comments`, {
    json: parentId ? { body, parentId } : { body },
  });
}

async function comment(m: Member, videoId: string, body: string, parentId?: string) {
  const r = await post(m.client, videoId, body, parentId);
  assert.equal(r.status, 201, await r.clone().text());
  return (await r.json()).comment;
}

Deno.test("comments: the permission matrix for create, edit, delete, pin, approve and settings", async () => {
  const t = await communityApp();
  try {
    const { videoId, admin, creator, author, other, anon } = t;
    // Create: anyone signed in; anonymous 401.
    assert.equal((await post(anon, videoId, "hello")).status, 401);
    const c = await comment(author, videoId, "First!");
    assert.equal(c.status, "visible");
    assert.equal(c.canEdit, true);
    assert.equal(c.canDelete, true);
    assert.equal(c.canModerate, false);

    // Edit: only the author (not the creator, not an admin, not another user).
    const edit = (m: { client: TestClient }) =>
      m.client.request(`/api/v1/comments/${c.id}`, { method: "PATCH", json: { body: "Changed" } });
    assert.equal((await edit({ client: anon })).status, 401);
    for (const m of [other, creator, admin]) assert.equal((await edit(m)).status, 403, m.name);
    const edited = await edit(author);
    assert.equal(edited.status, 200);
    const e = (await edited.json()).comment;
    assert.equal(e.body, "Changed");
    assert.ok(e.editedAt, "marked edited");

    // Pin and approve: the creator and admins; not the author or others.
    const pin = (m: { client: TestClient }, pinned = true) =>
      m.client.request(`/api/v1/comments/${c.id}/pin`, { json: { pinned } });
    assert.equal((await pin({ client: anon })).status, 401);
    for (const m of [author, other]) assert.equal((await pin(m)).status, 403, m.name);
    assert.equal((await pin(admin)).status, 200);
    const pinned = await pin(creator);
    assert.equal((await pinned.json()).comment.pinned, true);
    assert.equal((await pin(creator, false)).status, 200);

    // Settings: the creator and admins.
    const settings = (m: { client: TestClient }, json: unknown) =>
      m.client.request(`/api/v1/videos/${videoId}/comment-settings`, { method: "PUT", json });
    assert.equal((await settings({ client: anon }, { holdForReview: true })).status, 401);
    for (const m of [author, other]) {
      assert.equal((await settings(m, { holdForReview: true })).status, 403, m.name);
    }
    assert.equal((await settings(admin, { holdForReview: false })).status, 200);
    const held = await settings(creator, { holdForReview: true });
    assert.deepEqual((await held.json()).settings, { commentsOff: false, holdForReview: true });
    assert.equal((await settings(creator, { bogus: 1 })).status, 400);

    // Held for review: visible to its author and the creator only, until approved.
    const h = await comment(other, videoId, "Please look");
    assert.equal(h.status, "held");
    assert.equal(h.heldReason, "review");
    const ids = async (client: TestClient) => {
      const r = await client.request(`/api/v1/videos/${videoId}/comments`);
      assert.equal(r.status, 200);
      return (await r.json()).comments.map((x: { id: string }) => x.id);
    };
    assert.ok((await ids(other.client)).includes(h.id));
    assert.ok((await ids(creator.client)).includes(h.id));
    assert.ok(!(await ids(anon)).includes(h.id));
    assert.ok(!(await ids(author.client)).includes(h.id));
    const creatorOwn = await comment(creator, videoId, "My own video");
    assert.equal(creatorOwn.status, "visible", "the creator's own comments are not held");
    const approve = (m: { client: TestClient }) =>
      m.client.request(`/api/v1/comments/${h.id}/approve`, { method: "POST" });
    for (const m of [other, author]) assert.ok([403, 404].includes((await approve(m)).status));
    assert.equal((await approve({ client: anon })).status, 401);
    const ok = await approve(creator);
    assert.equal((await ok.json()).comment.status, "visible");
    assert.ok((await ids(anon)).includes(h.id));

    // Delete: the author, the creator, an admin; not another user or anonymous.
    assert.equal((await settings(creator, { holdForReview: false })).status, 200);
    const del = (m: { client: TestClient }, id: string) =>
      m.client.request(`/api/v1/comments/${id}`, { method: "DELETE" });
    const a = await comment(author, videoId, "one");
    const b = await comment(author, videoId, "two");
    const d = await comment(author, videoId, "three");
    assert.equal((await del({ client: anon }, a.id)).status, 401);
    assert.equal((await del(other, a.id)).status, 403);
    assert.equal((await del(author, a.id)).status, 204);
    assert.equal((await del(creator, b.id)).status, 204);
    assert.equal((await del(admin, d.id)).status, 204);
    assert.equal((await del(admin, d.id)).status, 404);

    // Someone else's video: the creator of this one is an ordinary user there.
    const elsewhere = await t.sql<{ id: string }[]>`
      insert into videos (owner_id, title, visibility, status, playable_at)
      values (${other.id}, 'Other', 'public', 'ready', now()) returning id`;
    const x = await comment(author, elsewhere[0].id, "hi");
    assert.equal((await del(creator, x.id)).status, 403);
    assert.equal(
      (await creator.client.request(`/api/v1/comments/${x.id}/pin`, { json: {} })).status,
      403,
    );
  } finally {
    await t.services.close();
  }
});

Deno.test("comments: private videos are 404 to others; banned users are refused", async () => {
  const t = await communityApp();
  try {
    const { videoId, admin, creator, author, anon, sql } = t;
    await comment(author, videoId, "Before the ban");
    await sql`update videos set visibility = 'private' where id = ${videoId}`;
    assert.equal((await anon.request(`/api/v1/videos/${videoId}/comments`)).status, 404);
    assert.equal((await post(author.client, videoId, "hi")).status, 404);
    assert.equal((await creator.client.request(`/api/v1/videos/${videoId}/comments`)).status, 200);
    await sql`update videos set visibility = 'public' where id = ${videoId}`;

    const ban = await admin.client.request(`/api/v1/users/${author.id}/ban`, {
      method: "PUT",
      json: { reason: "spam" },
    });
    assert.equal(ban.status, 204);
    assert.equal((await post(author.client, videoId, "after the ban")).status, 401);
    const list = await author.client.request(`/api/v1/videos/${videoId}/comments`);
    assert.equal(list.status, 200, "reads as anonymous");
    const c = (await list.json()).comments[0];
    assert.equal(c.canEdit, false);
    const edit = await author.client.request(`/api/v1/comments/${c.id}`, {
      method: "PATCH",
      json: { body: "x" },
    });
    assert.equal(edit.status, 401);
    const del = await author.client.request(`/api/v1/comments/${c.id}`, { method: "DELETE" });
    assert.equal(del.status, 401);
    // A banned creator loses the moderation actions on their own video too.
    const banCreator = await admin.client.request(`/api/v1/users/${creator.id}/ban`, {
      method: "PUT",
      json: { reason: "spam" },
    });
    assert.equal(banCreator.status, 204);
    const moderation: [string, string, unknown][] = [
      [`/api/v1/comments/${c.id}/pin`, "POST", {}],
      [`/api/v1/comments/${c.id}/approve`, "POST", undefined],
      [`/api/v1/videos/${videoId}/comment-settings`, "PUT", { commentsOff: true }],
      [`/api/v1/comments/${c.id}`, "DELETE", undefined],
    ];
    for (const [path, method, json] of moderation) {
      assert.equal((await creator.client.request(path, { method, json })).status, 401, path);
    }
  } finally {
    await t.services.close();
  }
});

Deno.test("comments: turned off hides them, refuses writes with a clear 403, and removes the form", async () => {
  const t = await communityApp();
  try {
    const { videoId, creator, author, anon } = t;
    const c = await comment(author, videoId, "Still here?");
    const off = await creator.client.request(`/api/v1/videos/${videoId}/comment-settings`, {
      method: "PUT",
      json: { commentsOff: true },
    });
    assert.equal(off.status, 200);
    const list = await anon.request(`/api/v1/videos/${videoId}/comments`);
    assert.equal(list.status, 403);
    assert.match((await list.json()).error.message, /turned off/);
    const r = await post(author.client, videoId, "more");
    assert.equal(r.status, 403);
    assert.match((await r.json()).error.message, /Comments are turned off/);
    const edit = await author.client.request(`/api/v1/comments/${c.id}`, {
      method: "PATCH",
      json: { body: "x" },
    });
    assert.equal(edit.status, 403);
    assert.equal((await anon.request(`/api/v1/comments/${c.id}/replies`)).status, 403);

    const page = await (await author.client.request(`/v/${videoId}`)).text();
    assert.match(page, /Comments are turned off for this video/);
    assert.doesNotMatch(page, /Still here\?/);
    assert.doesNotMatch(page, /name="body"/);
    // The card shows no count while comments are off.
    const [row] = await t.sql`select comment_count from videos where id = ${videoId}`;
    assert.equal(row.comment_count, 1, "the count is kept for when they come back");
    assert.doesNotMatch(await (await anon.request(`/u/${creator.id}`)).text(), /1 comment\b/);

    await creator.client.request(`/api/v1/videos/${videoId}/comment-settings`, {
      method: "PUT",
      json: { commentsOff: false },
    });
    assert.match(await (await anon.request(`/v/${videoId}`)).text(), /Still here\?/);
    assert.match(await (await anon.request(`/u/${creator.id}`)).text(), /1 comment\b/);
  } finally {
    await t.services.close();
  }
});

Deno.test("comments: more than 10 a minute by one user answer 429 with Retry-After", async () => {
  const t = await communityApp();
  try {
    for (let i = 0; i < 10; i++) {
      assert.equal((await post(t.author.client, t.videoId, `n${i}`)).status, 201);
    }
    const r = await post(t.author.client, t.videoId, "one too many");
    assert.equal(r.status, 429);
    assert.ok(Number(r.headers.get("retry-after")) >= 1);
    assert.match((await r.json()).error.message, /too fast/);
    // The page form counts against the same limit.
    const form = await t.author.client.request(`/v/${t.videoId}/comments`, {
      form: { body: "by form" },
    });
    assert.equal(form.status, 429);
    assert.equal((await post(t.other.client, t.videoId, "someone else")).status, 201);
  } finally {
    await t.services.close();
  }
});
