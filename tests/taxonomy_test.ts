/** Discovery taxonomy: tag pages, the category list and its admin API, channel stats, trending. */
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import type { Sql } from "../lib/db/mod.ts";
import { listPublicVideos } from "../lib/videos/browse.ts";
import { listTrending, pruneViewEvents } from "../lib/videos/trending.ts";
import { issueViewToken, recordView } from "../lib/videos/views.ts";
import { GOOD_PASSWORD, TestClient, testEmail } from "./_harness/client.ts";
import { addUser, addVideo } from "./_harness/search_catalog.ts";
import { openTestServices } from "./_harness/services.ts";
import { signUpAndIn } from "./_harness/accounts.ts";

type TestServices = Awaited<ReturnType<typeof openTestServices>>;

async function withApp(fn: (s: TestServices, app: ReturnType<typeof createApp>) => Promise<void>) {
  const s = await openTestServices();
  try {
    await fn(s, createApp(s));
  } finally {
    await s.close();
  }
}

async function signUp(client: TestClient, sql: Sql, role: string): Promise<string> {
  const r = await signUpAndIn(client, {
    json: { email: testEmail("tax"), password: GOOD_PASSWORD, displayName: "Tax" },
  });
  assert.equal(r.status, 200);
  const { user } = await r.json();
  await sql`update users set role = ${role} where id = ${user.id}`;
  return user.id;
}

const hrefs = (html: string) => [...html.matchAll(/href="\/v\/([0-9a-f-]{36})"/g)].map((m) => m[1]);

Deno.test("/tags/:tag lists only public, listed videos with that tag; unknown or invalid tags are 404 pages", async () => {
  await withApp(async ({ db: { sql } }, app) => {
    const u = await addUser(sql, "Tagger");
    const shown = await addVideo(sql, u, { title: "Shown", tags: ["cafe", "tea"] });
    const older = await addVideo(sql, u, {
      title: "Older",
      tags: ["cafe"],
      publishedAgo: "2 days",
    });
    const hidden = [
      await addVideo(sql, u, { title: "Private", tags: ["cafe"], visibility: "private" }),
      await addVideo(sql, u, { title: "Unlisted", tags: ["cafe"], visibility: "unlisted" }),
      await addVideo(sql, u, { title: "Not playable", tags: ["cafe"], playable: false }),
    ];
    const untagged = await addVideo(sql, u, { title: "Other", tags: ["tea"] });

    const res = await app.request("/tags/cafe");
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.deepEqual([...new Set(hrefs(html))], [shown, older]);
    for (const id of [...hidden, untagged]) assert.ok(!html.includes(id));
    assert.match(html, /<h1 class="page-title">#cafe<\/h1>/);

    // Pages by cursor, as the home page does.
    const first = await listPublicVideos(sql, { tag: "cafe", limit: 1 });
    assert.deepEqual(first.videos.map((v) => v.id), [shown]);
    const second = await listPublicVideos(sql, {
      tag: "cafe",
      limit: 1,
      cursor: first.nextCursor!,
    });
    assert.deepEqual(second.videos.map((v) => v.id), [older]);
    assert.equal(second.nextCursor, null);
    const paged = await (await app.request(`/tags/cafe?cursor=${first.nextCursor}`)).text();
    assert.ok(paged.includes(older) && !paged.includes(shown));

    for (const path of ["/tags/nothing-here", "/tags/Cafe", "/tags/caf%C3%A9", "/tags/%21%21"]) {
      const r = await app.request(path);
      assert.equal(r.status, 404, path);
      assert.match(r.headers.get("content-type") ?? "", /text\/html/);
      await r.body?.cancel();
    }
    // A tag only hidden videos carry does not exist for the public.
    await addVideo(sql, u, { title: "Secret", tags: ["secret"], visibility: "private" });
    assert.equal((await app.request("/tags/secret")).status, 404);
    assert.equal((await app.request("/tags/cafe?cursor=garbage")).status, 400);
  });
});

Deno.test("tags are normalised on PATCH and in the studio form, at most 10", async () => {
  await withApp(async ({ db: { sql } }, app) => {
    const owner = new TestClient(app);
    const ownerId = await signUp(owner, sql, "creator");
    const id = await addVideo(sql, ownerId, { title: "Mine" });
    const patch = (json: unknown) =>
      owner.request(`/api/v1/videos/${id}`, { method: "PATCH", json });
    const r = await patch({ tags: ["Café", "CAFE", " Machine  Learning ", "#Tea"] });
    assert.equal(r.status, 200);
    assert.deepEqual((await r.json()).video.tags, ["cafe", "machine-learning", "tea"]);
    const eleven = await patch({ tags: Array.from({ length: 11 }, (_, i) => `t${i}`) });
    assert.equal(eleven.status, 400);
    assert.match(JSON.stringify(await eleven.json()), /At most 10 tags/);
    assert.equal((await patch({ tags: ["!!!"] })).status, 400);
    // Eleven spellings of ten tags are ten tags.
    const ten = Array.from({ length: 10 }, (_, i) => `t${i}`);
    assert.equal((await patch({ tags: [...ten, "T0"] })).status, 200);

    const form = await owner.request(`/studio/videos/${id}`, {
      form: { title: "Mine", tags: "Ünïcode, unicode,  Two Words", visibility: "public" },
    });
    assert.equal(form.status, 303);
    const [row] = await sql`select tags from videos where id = ${id}`;
    assert.deepEqual(row.tags, ["unicode", "two-words"]);
    // The tag page finds it by its canonical form, and search's tag filter folds too.
    assert.equal((await app.request("/tags/two-words")).status, 200);
    const found = await (await app.request("/api/v1/search?q=mine&tag=Two%20Words")).json();
    assert.deepEqual(found.results.map((v: { id: string }) => v.id), [id]);
  });
});

Deno.test("categories: admins list, add, rename, re-slug and remove them; others may not", async () => {
  await withApp(async ({ db: { sql } }, app) => {
    const admin = new TestClient(app);
    await signUp(admin, sql, "admin");
    const creator = new TestClient(app);
    const creatorId = await signUp(creator, sql, "creator");
    const base = "/api/v1/admin/categories";

    assert.equal((await app.request(base)).status, 401);
    assert.equal((await creator.request(base)).status, 403);
    assert.equal((await creator.request(base, { json: { slug: "x", name: "X" } })).status, 403);
    assert.equal((await creator.request(`${base}/music`, { method: "DELETE" })).status, 403);

    const list = await (await admin.request(base)).json();
    const slugs = list.categories.map((c: { slug: string }) => c.slug);
    for (const seeded of ["education", "gaming", "music", "science"]) {
      assert.ok(slugs.includes(seeded), seeded);
    }

    const made = await admin.request(base, {
      json: { slug: "cooking", name: "Cooking", position: 1 },
    });
    assert.equal(made.status, 201);
    assert.deepEqual((await made.json()).category, {
      slug: "cooking",
      name: "Cooking",
      position: 1,
    });
    assert.equal(
      (await admin.request(base, { json: { slug: "cooking", name: "Other" } })).status,
      409,
    );
    assert.equal(
      (await admin.request(base, { json: { slug: "Bad Slug", name: "B" } })).status,
      400,
    );
    assert.equal((await admin.request(base, { json: { slug: "ok", name: "" } })).status, 400);
    const first = (await (await admin.request(base)).json()).categories[0];
    assert.equal(first.slug, "cooking", "position orders the list");

    const vid = await addVideo(sql, creatorId, { title: "Soup", category: "cooking" });
    const renamed = await admin.request(`${base}/cooking`, {
      method: "PATCH",
      json: { slug: "kitchen", name: "Kitchen & Cooking" },
    });
    assert.equal(renamed.status, 200);
    assert.equal((await renamed.json()).category.name, "Kitchen & Cooking");
    const [moved] = await sql`select category from videos where id = ${vid}`;
    assert.equal(moved.category, "kitchen", "videos follow a new slug");
    assert.equal((await app.request("/c/kitchen")).status, 200);
    assert.match(await (await app.request("/c/kitchen")).text(), /Kitchen &amp; Cooking/);
    assert.equal((await app.request("/c/cooking")).status, 404);
    assert.equal(
      (await admin.request(`${base}/kitchen`, { method: "PATCH", json: { name: "Music" } })).status,
      409,
    );
    assert.equal(
      (await admin.request(`${base}/nope`, { method: "PATCH", json: { name: "N" } })).status,
      404,
    );

    assert.equal((await admin.request(`${base}/kitchen`, { method: "DELETE" })).status, 204);
    const [after] = await sql`select category from videos where id = ${vid}`;
    assert.equal(after.category, null, "the video stays, uncategorised");
    assert.equal((await admin.request(`${base}/kitchen`, { method: "DELETE" })).status, 404);
    assert.equal((await app.request("/c/kitchen")).status, 404);
    assert.equal((await app.request("/c/NOT%20A%20SLUG")).status, 404);
  });
});

Deno.test("the category of an upload or a PATCH must be on the list", async () => {
  await withApp(async ({ db: { sql } }, app) => {
    const owner = new TestClient(app);
    const ownerId = await signUp(owner, sql, "creator");
    const id = await addVideo(sql, ownerId, { title: "Mine" });
    const patch = (category: unknown) =>
      owner.request(`/api/v1/videos/${id}`, { method: "PATCH", json: { category } });
    for (const bad of ["cooking", "Music", "music!", "x".repeat(51)]) {
      const r = await patch(bad);
      assert.equal(r.status, 400, bad);
      assert.match(JSON.stringify(await r.json()), /"field":"category"/);
    }
    assert.equal((await patch("music")).status, 200);
    assert.equal((await patch(null)).status, 200);
    assert.equal((await patch("")).status, 200);

    const upload = (category: string) =>
      owner.request("/api/v1/uploads", {
        json: { filename: "a.mp4", size: 1000, mimeType: "video/mp4", category },
      });
    const refused = await upload("cooking");
    assert.equal(refused.status, 400);
    const [{ n }] = await sql`select count(*)::int as n from videos where owner_id = ${ownerId}`;
    assert.equal(n, 1, "a refused upload leaves no video behind");
    const ok = await upload("gaming");
    assert.equal(ok.status, 201);
    const { videoId } = await ok.json();
    const [row] = await sql`select category from videos where id = ${videoId}`;
    assert.equal(row.category, "gaming");

    const form = await owner.request(`/studio/videos/${id}`, {
      form: { title: "Mine", category: "cooking", visibility: "public" },
    });
    assert.equal(form.status, 400);
    assert.match(await form.text(), /Choose a category from the list/);
    // The edit page offers the list as a select.
    const edit = await (await owner.request(`/studio/videos/${id}`)).text();
    assert.match(edit, /<select id="f-category" name="category"/);
    assert.match(edit, /<option value="science"[^>]*>Science &amp; Technology<\/option>/);
  });
});

Deno.test("a channel shows its public video count, total views, join date, and sorts by newest or popular", async () => {
  await withApp(async ({ db: { sql } }, app) => {
    const u = await addUser(sql, "Channel Person");
    const a = await addVideo(sql, u, { title: "Alpha", viewCount: 5, publishedAgo: "1 hour" });
    const b = await addVideo(sql, u, { title: "Beta", viewCount: 1200, publishedAgo: "2 days" });
    const c = await addVideo(sql, u, { title: "Gamma", viewCount: 40, publishedAgo: "3 days" });
    await addVideo(sql, u, { title: "Private", viewCount: 100000, visibility: "private" });
    await addVideo(sql, u, { title: "Unlisted", viewCount: 70000, visibility: "unlisted" });
    await addVideo(sql, await addUser(sql, "Else"), { title: "Not theirs", viewCount: 9 });

    const html = await (await app.request(`/u/${u}`)).text();
    assert.match(html, /<dt>Videos<\/dt><dd>3<\/dd>/);
    assert.match(html, /<dt>Views<\/dt><dd>1,245<\/dd>/);
    assert.match(html, /<dt>Joined<\/dt><dd><time datetime="\d{4}-\d\d-\d\dT/);
    assert.deepEqual([...new Set(hrefs(html))], [a, b, c]);
    const popular = await (await app.request(`/u/${u}?sort=popular`)).text();
    assert.deepEqual([...new Set(hrefs(popular))], [b, c, a]);
    assert.match(popular, /aria-current="page"[^>]*>Most viewed/);
    assert.equal((await app.request(`/u/${u}?sort=oldest`)).status, 400);

    // The popular order pages by (views, id).
    const p1 = await listPublicVideos(sql, { ownerId: u, sort: "popular", limit: 2 });
    const p2 = await listPublicVideos(sql, {
      ownerId: u,
      sort: "popular",
      limit: 2,
      cursor: p1.nextCursor!,
    });
    assert.deepEqual([...p1.videos, ...p2.videos].map((v) => v.id), [b, c, a]);
    // A newest-order cursor is not a popular-order cursor.
    const newest = await listPublicVideos(sql, { ownerId: u, limit: 1 });
    await assert.rejects(
      listPublicVideos(sql, { ownerId: u, sort: "popular", limit: 1, cursor: newest.nextCursor! }),
    );
  });
});

Deno.test("trending: recent views outrank more but older views; hidden videos never trend", async () => {
  await withApp(async (s, app) => {
    const sql = s.db.sql;
    const u = await addUser(sql, "Trendy");
    const recent = await addVideo(sql, u, { title: "Recent buzz", viewCount: 10 });
    const old = await addVideo(sql, u, { title: "Yesterday's news", viewCount: 5000 });
    const ancient = await addVideo(sql, u, { title: "Last week", viewCount: 90000 });
    const secret = await addVideo(sql, u, { title: "Secret", visibility: "private" });
    const views = (id: string, n: number, ago: string) =>
      sql`insert into video_view_events (video_id, at)
          select ${id}, now() - ${ago}::interval from generate_series(1, ${n})`;
    await views(recent, 10, "1 hour"); // 10 × ~0.94
    await views(old, 30, "40 hours"); // 30 × ~0.1: more views, but older
    await views(ancient, 500, "60 hours"); // outside the window
    await views(secret, 100, "10 minutes");

    const trending = await listTrending(sql, { limit: 10 });
    assert.deepEqual(trending.map((v) => v.id), [recent, old]);

    // Housekeeping drops what is past the window, and nothing within it.
    assert.equal(await pruneViewEvents(sql), 500);
    assert.deepEqual((await listTrending(sql, { limit: 10 })).map((v) => v.id), [recent, old]);
    const [{ left }] = await sql`select count(*)::int as left from video_view_events`;
    assert.equal(left, 10 + 30 + 100);

    // Views counted by the player land in the table with the time they happened.
    const token = issueViewToken(s.secret, { videoId: old, viewerKey: "v", now: 1_800_000_000 });
    assert.equal(
      await recordView({ sql, kv: s.kv, secret: s.secret }, {
        videoId: old,
        viewerKey: "v",
        network: "n",
        token,
        now: 1_800_000_010,
      }),
      "counted",
    );
    const [{ n }] = await sql`select count(*)::int as n from video_view_events
      where video_id = ${old} and at > now() - interval '1 minute'`;
    assert.equal(n, 1);

    // The home page's first shelf is trending, in that order, then the latest videos.
    const home = await (await app.request("/")).text();
    const shelf = home.slice(
      home.indexOf('id="shelf-trending"'),
      home.indexOf('id="shelf-newest"'),
    );
    assert.deepEqual([...new Set(hrefs(shelf))], [recent, old]);
    assert.ok(!home.includes(secret));
    // The ranking is kept for a minute, but a video made private leaves the shelf at once.
    await sql`update videos set visibility = 'private' where id = ${recent}`;
    const later = await (await app.request("/")).text();
    const shelf2 = later.slice(
      later.indexOf('id="shelf-trending"'),
      later.indexOf('id="shelf-newest"'),
    );
    assert.deepEqual([...new Set(hrefs(shelf2))], [old]);
  });
});

Deno.test("the home page has a shelf per category with videos, linking to /c/:slug", async () => {
  await withApp(async ({ db: { sql } }, app) => {
    const u = await addUser(sql, "Shelver");
    const game = await addVideo(sql, u, { title: "Game", category: "gaming" });
    const song = await addVideo(sql, u, { title: "Song", category: "music" });
    await addVideo(sql, u, { title: "Hidden song", category: "music", visibility: "private" });
    const home = await (await app.request("/")).text();
    assert.match(home, /<h2 id="shelf-c-gaming">Gaming<\/h2>/);
    assert.match(home, /href="\/c\/music"/);
    assert.doesNotMatch(home, /shelf-c-science/, "an empty category has no shelf");
    assert.ok(home.indexOf("shelf-c-gaming") < home.indexOf("shelf-c-music"), "admins' order");
    const cards = await (await app.request("/c/music")).text();
    assert.deepEqual([...new Set(hrefs(cards))], [song]);
    assert.ok(!cards.includes(game));
    // Search's category filter offers the list.
    const search = await (await app.request("/search?q=song&category=music")).text();
    assert.match(search, /<option value="music" selected[^>]*>Music<\/option>/);
    assert.deepEqual([...new Set(hrefs(search))], [song]);
    // Cards name their category, as a link.
    assert.match(cards, /<a class="category-link" href="\/c\/music">Music<\/a>/);
  });
});
