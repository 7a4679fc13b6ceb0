/** /upload, /studio and /studio/videos/:id as server-rendered pages (no JavaScript). */
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import { GOOD_PASSWORD, TestClient, testEmail } from "./_harness/client.ts";
import { openTestServices } from "./_harness/services.ts";
import { signUpAndIn } from "./_harness/accounts.ts";

async function signUp(client: TestClient): Promise<string> {
  const r = await signUpAndIn(client, {
    json: { email: testEmail("studio"), password: GOOD_PASSWORD, displayName: "Studio" },
  });
  assert.equal(r.status, 200);
  return (await r.json()).user.id;
}

Deno.test("/upload shows the uploader to creators, a clear refusal to viewers, sign-in to nobody", async () => {
  const s = await openTestServices();
  try {
    const app = createApp(s, { rateLimits: { auth: 1000 } });
    const anon = await app.request("/upload");
    assert.equal(anon.status, 303);
    assert.match(anon.headers.get("location")!, /^\/signin\?next=%2Fupload/);
    const creator = new TestClient(app);
    await signUp(creator);
    const page = await creator.request("/upload");
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /data-island="Uploader"/);
    assert.match(html, /up to 2 GiB/);
    const viewer = new TestClient(app);
    const viewerId = await signUp(viewer);
    await s.db.sql`update users set role = 'viewer' where id = ${viewerId}`;
    const refused = await viewer.request("/upload");
    assert.equal(refused.status, 403);
    const text = await refused.text();
    assert.match(text, /can watch videos but not upload them/);
    assert.doesNotMatch(text, /data-island="Uploader"/);
  } finally {
    await s.close();
  }
});

Deno.test("/studio lists my videos with status; the edit page saves metadata and deletes without JS", async () => {
  const s = await openTestServices();
  try {
    const app = createApp(s, { rateLimits: { auth: 1000 } });
    const owner = new TestClient(app);
    const other = new TestClient(app);
    const ownerId = await signUp(owner);
    await signUp(other);
    const sql = s.db.sql;
    const [v] = await sql`
      insert into videos (owner_id, title, status, visibility) values (${ownerId}, 'Clip <b>', 'processing', 'private')
      returning id`;
    const [broken] = await sql`
      insert into videos (owner_id, title, status, status_reason)
      values (${ownerId}, 'Broken', 'failed', 'The file is not a video that can be read.')
      returning id`;

    const studio = await (await owner.request("/studio")).text();
    assert.match(studio, /Clip &lt;b/, "titles are escaped");
    // One separator between facts, and plurals right.
    assert.match(studio, /private · 0 views/);
    await sql`update videos set view_count = 1, duration_s = 12 where id = ${v.id}`;
    assert.match(
      await (await owner.request("/studio")).text(),
      /private · 0:12 · 1 view · 0 likes · 0 comments</,
    );
    assert.doesNotMatch(studio, /Clip <b>/);
    // Queued: the row says so, with its state, live (an island) while it moves.
    assert.match(studio, /status-badge status-processing">Processing</);
    assert.match(studio, /Waiting for a free worker/);
    assert.match(studio, /Failed/);
    assert.match(studio, /The file is not a video that can be read\./);
    assert.match(studio, new RegExp(`href="/studio/videos/${v.id}"`));

    const edit = await owner.request(`/studio/videos/${v.id}`);
    assert.equal(edit.status, 200);
    const html = await edit.text();
    assert.match(html, /data-island="StudioStatus"/);
    assert.doesNotMatch(html, new RegExp(`href="/v/${v.id}"`), "nothing to watch yet");
    assert.equal((await other.request(`/studio/videos/${v.id}`)).status, 404);
    // A failed video's edit page says why, and offers no watch link (it would 404).
    const failedPage = await (await owner.request(`/studio/videos/${broken.id}`)).text();
    assert.match(failedPage, /The file is not a video that can be read\./);
    assert.doesNotMatch(failedPage, new RegExp(`href="/v/${broken.id}"`));

    const bad = await owner.request(`/studio/videos/${v.id}`, {
      form: { title: "", description: "", tags: "", category: "", visibility: "public" },
    });
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /Give the video a title/);

    const saved = await owner.request(`/studio/videos/${v.id}`, {
      form: {
        title: "Clip two",
        description: "Longer words",
        tags: "one, two, ,#three",
        category: "music",
        visibility: "unlisted",
      },
    });
    assert.equal(saved.status, 303);
    assert.equal(saved.headers.get("location"), `/studio/videos/${v.id}?saved=1`);
    const [row] =
      await sql`select title, description, tags, category, visibility from videos where id = ${v.id}`;
    assert.deepEqual({ ...row }, {
      title: "Clip two",
      description: "Longer words",
      tags: ["one", "two", "three"],
      category: "music",
      visibility: "unlisted",
    });
    assert.match(await (await owner.request(`/studio/videos/${v.id}?saved=1`)).text(), /Saved\./);

    const unconfirmed = await owner.request(`/studio/videos/${v.id}/delete`, { form: {} });
    assert.equal(unconfirmed.status, 400);
    assert.equal((await sql`select 1 from videos where id = ${v.id}`).length, 1);
    const forged = await other.request(`/studio/videos/${v.id}/delete`, {
      form: { confirm: "yes" },
    });
    assert.equal(forged.status, 403, "unlisted: visible to them, but not theirs");
    const gone = await owner.request(`/studio/videos/${v.id}/delete`, { form: { confirm: "yes" } });
    assert.equal(gone.status, 303);
    assert.equal(gone.headers.get("location"), "/studio?deleted=1");
    assert.equal((await sql`select 1 from videos where id = ${v.id}`).length, 0);
  } finally {
    await s.close();
  }
});
