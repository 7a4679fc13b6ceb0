/** /playlists, /p/:id, the channel's playlists and the watch page's `?list=` panel, without JavaScript. */
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import { TestClient } from "./_harness/client.ts";
import { addPlayableVideo, signUp } from "./_harness/community.ts";
import { seedVideoWithMedia } from "./_harness/media_fixture.ts";
import { openTestServices } from "./_harness/services.ts";

const titles = (html: string) =>
  [...html.matchAll(/class="playlist-item-title" href="[^"]*">([^<]*)</g)].map((m) => m[1]);

Deno.test("playlist pages: create, edit, reorder, remove and delete with plain forms", async () => {
  const s = await openTestServices();
  try {
    const app = createApp(s, { rateLimits: { auth: 1000, apiUser: 10_000, apiIp: 10_000 } });
    const sql = s.db.sql;
    const me = new TestClient(app);
    const other = new TestClient(app);
    const myId = await signUp(me, sql);
    await signUp(other, sql);

    const empty = await me.request("/playlists", { form: { title: "  " } });
    assert.equal(empty.status, 400);
    assert.match(await empty.text(), /Too small|at least|name/i);
    const made = await me.request("/playlists", {
      form: { title: "Road trip", description: "Songs & sights", visibility: "public" },
    });
    assert.equal(made.status, 303);
    const path = made.headers.get("location")!;
    const id = path.split("/").at(-1)!;
    const mine = await (await me.request("/playlists")).text();
    assert.match(mine, /Watch later/);
    assert.match(mine, /Road trip/);

    const v = [];
    for (const t of ["One", "Two", "Three"]) {
      v.push(await addPlayableVideo(sql, myId, { title: t }));
      await me.request(`/api/v1/playlists/${id}/items`, { json: { videoId: v.at(-1) } });
    }
    let html = await (await me.request(path)).text();
    assert.deepEqual(titles(html), ["One", "Two", "Three"]);
    assert.match(html, /3 videos · Public/);
    assert.match(html, /Songs &amp; sights/);
    assert.match(html, new RegExp(`href="/v/${v[0]}\\?list=${id}"[^>]*>Play all`));

    assert.equal(
      (await me.request(`/p/${id}/items/${v[2]}/move`, { form: { dir: "up" } })).status,
      303,
    );
    await me.request(`/p/${id}/items/${v[0]}/move`, { form: { dir: "up" } }); // already first
    html = await (await me.request(path)).text();
    assert.deepEqual(titles(html), ["One", "Three", "Two"]);
    await me.request(`/p/${id}/items/${v[0]}/move`, { form: { dir: "down" } });
    assert.deepEqual(titles(await (await me.request(path)).text()), ["Three", "One", "Two"]);
    assert.equal(
      (await me.request(`/p/${id}/items/${v[0]}/move`, { form: { dir: "sideways" } })).status,
      400,
    );
    await me.request(`/p/${id}/items/${v[1]}/remove`, { form: {} });
    assert.deepEqual(titles(await (await me.request(path)).text()), ["Three", "One"]);

    // A visitor sees the list, not the editor; a stranger's forms are refused.
    const visitor = await (await other.request(path)).text();
    assert.deepEqual(titles(visitor), ["Three", "One"]);
    assert.doesNotMatch(visitor, /Edit playlist|Move up/);
    assert.equal(
      (await other.request(`/p/${id}/items/${v[0]}/remove`, { form: {} })).status,
      403,
    );
    // The channel lists public playlists only.
    const channel = await (await app.request(`/u/${myId}`)).text();
    assert.match(channel, /Road trip/);
    assert.doesNotMatch(channel, /Watch later/);

    const edited = await me.request(`/p/${id}/edit`, {
      form: { title: "Secret trip", description: "", visibility: "private" },
    });
    assert.equal(edited.status, 303);
    assert.equal((await other.request(path)).status, 404);
    assert.equal((await app.request(path)).status, 404);
    assert.doesNotMatch(await (await app.request(`/u/${myId}`)).text(), /Secret trip/);
    const tooLong = await me.request(`/p/${id}/edit`, { form: { title: "x".repeat(200) } });
    assert.equal(tooLong.status, 400);

    assert.equal((await me.request(`/p/${id}/delete`, { form: {} })).status, 303);
    assert.equal((await me.request(path)).status, 404);
    assert.equal((await app.request("/p/not-a-uuid")).status, 404);
    assert.equal((await app.request("/playlists")).status, 303);
  } finally {
    await s.close();
  }
});

Deno.test("watch page ?list=: the panel marks the playing video and autoplay points at the next member", async () => {
  const s = await openTestServices();
  try {
    const app = createApp(s, {
      rateLimits: { auth: 1000, apiUser: 10_000, apiIp: 10_000 },
      hls: { file: new URL("file:///x"), url: "/_vendor/hls.js" },
    });
    const sql = s.db.sql;
    const me = new TestClient(app);
    await signUp(me, sql);
    const a = (await seedVideoWithMedia(s, { visibility: "public" })).videoId;
    const b = (await seedVideoWithMedia(s, { visibility: "public" })).videoId;
    await sql`update videos set title = 'First clip' where id = ${a}`;
    await sql`update videos set title = 'Second clip' where id = ${b}`;
    const r = await me.request("/api/v1/playlists", {
      json: { title: "Pair", visibility: "unlisted" },
    });
    const id = (await r.json()).playlist.id;
    for (const v of [a, b]) {
      await me.request(`/api/v1/playlists/${id}/items`, { json: { videoId: v } });
    }
    const first = await (await app.request(`/v/${a}?list=${id}`)).text();
    assert.match(first, /class="playlist-panel"/);
    assert.match(first, /1 \/ 2/);
    assert.match(first, /aria-current="true"[^]*?First clip/);
    assert.match(first, new RegExp(`&quot;nextHref&quot;:&quot;/v/${b}\\?list=${id}&quot;`));
    // The last one has no next: nothing autoplays out of the list.
    const last = await (await app.request(`/v/${b}?list=${id}`)).text();
    assert.match(last, /2 \/ 2/);
    assert.doesNotMatch(last, /nextHref/);
    // A private list, a bad id or an unknown one: the page plays the video alone.
    await me.request(`/api/v1/playlists/${id}`, {
      method: "PATCH",
      json: { visibility: "private" },
    });
    for (const list of [id, "nope", crypto.randomUUID()]) {
      const res = await app.request(`/v/${a}?list=${list}`);
      assert.equal(res.status, 200);
      assert.doesNotMatch(await res.text(), /playlist-panel/);
    }
    assert.match(await (await me.request(`/v/${a}?list=${id}`)).text(), /playlist-panel/);
    // Signed in: the Save button; anonymous: none.
    assert.match(await (await me.request(`/v/${a}`)).text(), /data-island="SaveToPlaylist"/);
    assert.doesNotMatch(await (await app.request(`/v/${a}`)).text(), /SaveToPlaylist/);
  } finally {
    await s.close();
  }
});
