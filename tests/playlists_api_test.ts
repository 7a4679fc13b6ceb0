/** /api/v1/playlists…: permissions, Watch later, member privacy, reorder, limits, cascades. */
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import { PLAYLIST_LIMITS } from "../lib/playlists/mod.ts";
import { TestClient } from "./_harness/client.ts";
import { addPlayableVideo, signUp } from "./_harness/community.ts";
import { openTestServices } from "./_harness/services.ts";

type Services = Awaited<ReturnType<typeof openTestServices>>;

async function world(s: Services) {
  const app = createApp(s, { rateLimits: { auth: 1000, apiUser: 10_000, apiIp: 10_000 } });
  const owner = new TestClient(app);
  const other = new TestClient(app);
  const admin = new TestClient(app);
  const banned = new TestClient(app);
  const ownerId = await signUp(owner, s.db.sql);
  const otherId = await signUp(other, s.db.sql);
  await signUp(admin, s.db.sql, "admin");
  const bannedId = await signUp(banned, s.db.sql);
  return { app, owner, other, admin, banned, ownerId, otherId, bannedId };
}

async function create(client: TestClient, body: Record<string, unknown>): Promise<string> {
  const r = await client.request("/api/v1/playlists", { json: body });
  assert.equal(r.status, 201, await r.clone().text());
  return (await r.json()).playlist.id;
}

async function order(client: TestClient | { request: TestClient["request"] }, id: string) {
  const r = await client.request(`/api/v1/playlists/${id}/items?limit=100`);
  assert.equal(r.status, 200);
  return ((await r.json()).items as { id: string }[]).map((i) => i.id);
}

Deno.test("playlists: permission matrix for every route (owner, other, admin, anonymous, banned)", async () => {
  const s = await openTestServices();
  try {
    const w = await world(s);
    const sql = s.db.sql;
    const video = await addPlayableVideo(sql, w.otherId);
    const ids = {
      public: await create(w.owner, { title: "Pub", visibility: "public" }),
      unlisted: await create(w.owner, { title: "Unl", visibility: "unlisted" }),
      private: await create(w.owner, { title: "Priv" }),
    };
    for (const id of Object.values(ids)) {
      const r = await w.owner.request(`/api/v1/playlists/${id}/items`, {
        json: { videoId: video },
      });
      assert.equal(r.status, 201);
    }
    // The banned account's session ends at once: it is a stranger from then on.
    const ban = await w.admin.request(`/api/v1/users/${w.bannedId}/ban`, {
      method: "PUT",
      json: { reason: "spam" },
    });
    assert.equal(ban.status, 204);
    const anon = new TestClient(w.app);
    const readers = { owner: w.owner, other: w.other, admin: w.admin, anon, banned: w.banned };
    // Reading: private is the owner's alone; unlisted and public open to anyone with the id.
    const canRead: Record<string, string[]> = {
      public: ["owner", "other", "admin", "anon", "banned"],
      unlisted: ["owner", "other", "admin", "anon", "banned"],
      private: ["owner"],
    };
    for (const [kind, id] of Object.entries(ids)) {
      for (const [who, client] of Object.entries(readers)) {
        const want = canRead[kind].includes(who) ? 200 : 404;
        const one = await client.request(`/api/v1/playlists/${id}`);
        assert.equal(one.status, want, `GET ${kind} as ${who}`);
        const items = await client.request(`/api/v1/playlists/${id}/items`);
        assert.equal(items.status, want, `GET items ${kind} as ${who}`);
        if (want === 200) assert.equal((await items.json()).items.length, 1);
      }
    }
    // Writing: 401 without a session (anonymous, banned), 404 where it cannot be seen,
    // 403 where it can be seen but not changed, and admins may moderate shared ones.
    const writes = (id: string) => [
      { method: "PATCH", path: `/api/v1/playlists/${id}`, json: { title: "X" } },
      { method: "POST", path: `/api/v1/playlists/${id}/items`, json: { videoId: video } },
      {
        method: "PUT",
        path: `/api/v1/playlists/${id}/items/${video}/position`,
        json: { afterVideoId: null },
      },
    ];
    for (const [kind, id] of Object.entries(ids)) {
      for (const [who, client] of Object.entries(readers)) {
        const want = who === "anon" || who === "banned"
          ? 401
          : who === "owner"
          ? [200, 204]
          : who === "admin" && kind !== "private"
          ? [200, 204]
          : kind === "private"
          ? 404
          : 403;
        for (const req of writes(id)) {
          const r = await client.request(req.path, { method: req.method, json: req.json });
          const ok = Array.isArray(want) ? want.includes(r.status) : r.status === want;
          assert.ok(ok, `${req.method} ${kind} as ${who}: ${r.status}`);
        }
        const del = await client.request(`/api/v1/playlists/${id}/items/${video}`, {
          method: "DELETE",
        });
        if (who === "anon" || who === "banned") assert.equal(del.status, 401);
        else if (who === "other") assert.equal(del.status, kind === "private" ? 404 : 403);
        if (del.status === 204) {
          await w.owner.request(`/api/v1/playlists/${id}/items`, { json: { videoId: video } });
        }
      }
    }
    for (const client of [anon, w.banned]) {
      assert.equal((await client.request("/api/v1/users/me/playlists")).status, 401);
      assert.equal(
        (await client.request("/api/v1/playlists", { json: { title: "x" } })).status,
        401,
      );
      const del = await client.request(`/api/v1/playlists/${ids.public}`, { method: "DELETE" });
      assert.equal(del.status, 401);
    }
    assert.equal(
      (await w.other.request(`/api/v1/playlists/${ids.unlisted}`, { method: "DELETE" })).status,
      403,
    );
    assert.equal(
      (await w.admin.request(`/api/v1/playlists/${ids.private}`, { method: "DELETE" })).status,
      404,
    );
    assert.equal(
      (await w.admin.request(`/api/v1/playlists/${ids.public}`, { method: "DELETE" })).status,
      204,
    );
    assert.equal(
      (await w.owner.request(`/api/v1/playlists/${ids.unlisted}`, { method: "DELETE" })).status,
      204,
    );
    assert.equal((await w.owner.request(`/api/v1/playlists/${ids.unlisted}`)).status, 404);
    // The public list of a channel holds public playlists only.
    const pub2 = await create(w.owner, { title: "Shown", visibility: "public" });
    const listed = await anon.request(`/api/v1/playlists?ownerId=${w.ownerId}`);
    assert.deepEqual((await listed.json()).playlists.map((p: { id: string }) => p.id), [pub2]);
  } finally {
    await s.close();
  }
});

Deno.test("playlists: Watch later is built in, private, and cannot be renamed or deleted", async () => {
  const s = await openTestServices();
  try {
    const w = await world(s);
    const video = await addPlayableVideo(s.db.sql, w.otherId);
    const first = await (await w.owner.request(`/api/v1/users/me/playlists?contains=${video}`))
      .json();
    const again = await (await w.owner.request("/api/v1/users/me/playlists")).json();
    assert.equal(first.playlists.length, 1);
    const later = first.playlists[0];
    assert.equal(later.kind, "watch_later");
    assert.equal(later.title, "Watch later");
    assert.equal(later.visibility, "private");
    assert.equal(later.contains, false);
    assert.equal(again.playlists[0].id, later.id, "one per user");
    const add = await w.owner.request(`/api/v1/playlists/${later.id}/items`, {
      json: { videoId: video },
    });
    assert.equal(add.status, 201);
    const twice = await w.owner.request(`/api/v1/playlists/${later.id}/items`, {
      json: { videoId: video },
    });
    assert.equal(twice.status, 200);
    assert.equal((await twice.json()).added, false);
    const mine = await (await w.owner.request(`/api/v1/users/me/playlists?contains=${video}`))
      .json();
    assert.equal(mine.playlists[0].contains, true);
    assert.equal(mine.playlists[0].videoCount, 1);
    for (const patch of [{ title: "Mine" }, { visibility: "public" }, { description: "x" }]) {
      const r = await w.owner.request(`/api/v1/playlists/${later.id}`, {
        method: "PATCH",
        json: patch,
      });
      assert.equal(r.status, 409, JSON.stringify(patch));
    }
    const del = await w.owner.request(`/api/v1/playlists/${later.id}`, { method: "DELETE" });
    assert.equal(del.status, 409);
    assert.equal((await w.other.request(`/api/v1/playlists/${later.id}`)).status, 404);
    assert.equal((await w.admin.request(`/api/v1/playlists/${later.id}`)).status, 404);
    // Even the database refuses a shared Watch later.
    await assert.rejects(
      () => s.db.sql`update playlists set privacy = 'public' where id = ${later.id}`,
    );
    // Newer playlists come after it.
    await create(w.owner, { title: "Later still" });
    const list = await (await w.owner.request("/api/v1/users/me/playlists")).json();
    assert.deepEqual(list.playlists.map((p: { kind: string }) => p.kind), [
      "watch_later",
      "custom",
    ]);
  } finally {
    await s.close();
  }
});

Deno.test("playlists: a member turning private leaves others' view and count; deletions cascade", async () => {
  const s = await openTestServices();
  try {
    const w = await world(s);
    const sql = s.db.sql;
    // The playlist's owner collects videos of `other`; one of them turns private later.
    const a = await addPlayableVideo(sql, w.otherId, { title: "A" });
    const b = await addPlayableVideo(sql, w.otherId, { title: "B" });
    const id = await create(w.owner, { title: "Mix", visibility: "public" });
    for (const v of [a, b]) {
      await w.owner.request(`/api/v1/playlists/${id}/items`, { json: { videoId: v } });
    }
    const anon = new TestClient(w.app);
    assert.deepEqual(await order(anon, id), [a, b]);
    await sql`update videos set visibility = 'private' where id = ${b}`;
    for (const client of [anon, w.owner]) {
      assert.deepEqual(await order(client, id), [a]);
      const p = await (await client.request(`/api/v1/playlists/${id}`)).json();
      assert.equal(p.playlist.videoCount, 1);
    }
    // Its own creator and admins still see it.
    assert.deepEqual(await order(w.other, id), [a, b]);
    assert.deepEqual(await order(w.admin, id), [a, b]);
    // A private video cannot be added by someone who may not see it.
    const id2 = await create(w.owner, { title: "Other" });
    const refused = await w.owner.request(`/api/v1/playlists/${id2}/items`, {
      json: { videoId: b },
    });
    assert.equal(refused.status, 404);
    // Deleting a video removes its entries, and the stored count follows.
    await sql`delete from videos where id = ${a}`;
    const [row] = await sql<
      { n: number }[]
    >`select item_count as n from playlists where id = ${id}`;
    assert.equal(row.n, 1);
    assert.deepEqual(await order(w.other, id), [b]);
    // An account whose deletion is under way shows no playlists at once; the job's final
    // delete of the user removes them (and their items).
    await sql`update users set deleted_at = now() where id = ${w.ownerId}`;
    assert.equal((await anon.request(`/api/v1/playlists/${id}`)).status, 404);
    const gone = await anon.request(`/api/v1/playlists?ownerId=${w.ownerId}`);
    assert.deepEqual((await gone.json()).playlists, []);
    await sql`delete from users where id = ${w.ownerId}`;
    const [{ n }] = await sql<{ n: number }[]>`
      select count(*)::int as n from playlist_items where playlist_id = ${id}`;
    assert.equal(n, 0);
    assert.equal((await anon.request(`/api/v1/playlists/${id}`)).status, 404);
  } finally {
    await s.close();
  }
});

Deno.test("playlists: reorder writes positions that keep order, renumbers when a gap runs out, and survives concurrent moves", async () => {
  const s = await openTestServices();
  try {
    const w = await world(s);
    const sql = s.db.sql;
    const id = await create(w.owner, { title: "Order" });
    const v: string[] = [];
    for (let i = 0; i < 5; i++) {
      v.push(await addPlayableVideo(sql, w.otherId, { title: `V${i}` }));
      await w.owner.request(`/api/v1/playlists/${id}/items`, { json: { videoId: v[i] } });
    }
    const move = (video: string, after: string | null) =>
      w.owner.request(`/api/v1/playlists/${id}/items/${video}/position`, {
        method: "PUT",
        json: { afterVideoId: after },
      });
    assert.equal((await move(v[4], null)).status, 204);
    assert.deepEqual(await order(w.owner, id), [v[4], v[0], v[1], v[2], v[3]]);
    assert.equal((await move(v[4], v[3])).status, 204);
    assert.deepEqual(await order(w.owner, id), v);
    // One move writes one row: the others keep their positions.
    const before = await sql`select video_id, position from playlist_items
      where playlist_id = ${id} order by position`;
    await move(v[0], v[1]);
    const after = await sql`select video_id, position from playlist_items
      where playlist_id = ${id} order by position`;
    const changed = after.filter((r) =>
      before.find((b) => b.video_id === r.video_id)!.position !== r.position
    );
    assert.deepEqual(changed.map((r) => r.video_id), [v[0]]);
    // Alternating moves into the same gap exhaust it: the playlist is renumbered, order kept.
    let expected = await order(w.owner, id);
    for (let i = 0; i < 30; i++) {
      const [x, y] = i % 2 ? [v[2], v[3]] : [v[3], v[2]];
      assert.equal((await move(x, v[1])).status, 204);
      expected = expected.filter((e) => e !== x);
      expected.splice(expected.indexOf(v[1]) + 1, 0, x);
      assert.deepEqual(await order(w.owner, id), expected, `move ${i} (${y})`);
    }
    // Concurrent moves serialise on the playlist's row: a permutation, never a duplicate.
    await Promise.all(v.map((x, i) => move(x, i % 2 ? null : v[(i + 2) % 5])));
    const final = await order(w.owner, id);
    assert.deepEqual([...final].sort(), [...v].sort());
    // Not a member: 404; bad bodies: 400.
    const stranger = await addPlayableVideo(sql, w.otherId);
    assert.equal((await move(stranger, null)).status, 404);
    assert.equal((await move(v[0], stranger)).status, 404);
    const bad = await w.owner.request(`/api/v1/playlists/${id}/items/${v[0]}/position`, {
      method: "PUT",
      json: { afterVideoId: "nope" },
    });
    assert.equal(bad.status, 400);
    const missing = await w.owner.request(`/api/v1/playlists/${id}/items/${v[0]}/position`, {
      method: "PUT",
      json: {},
    });
    assert.equal(missing.status, 400);
  } finally {
    await s.close();
  }
});

Deno.test("playlists: limits (200 per user, 5,000 videos) answer 409; input is validated; items page by cursor", async () => {
  const s = await openTestServices();
  try {
    const w = await world(s);
    const sql = s.db.sql;
    // 199 made directly, the 200th through the API, the 201st refused.
    await sql`insert into playlists (owner_id, title)
      select ${w.ownerId}, 'p' || n from generate_series(1, ${PLAYLIST_LIMITS.perUser - 1}) n`;
    const last = await w.owner.request("/api/v1/playlists", { json: { title: "200th" } });
    assert.equal(last.status, 201);
    const over = await w.owner.request("/api/v1/playlists", { json: { title: "201st" } });
    assert.equal(over.status, 409);
    const body = await over.json();
    assert.equal(body.error.details.limit, PLAYLIST_LIMITS.perUser);
    // Watch later is not one of the 200.
    assert.equal((await w.owner.request("/api/v1/users/me/playlists")).status, 200);

    const full = (await last.json()).playlist.id;
    const n = PLAYLIST_LIMITS.itemsPerPlaylist;
    await sql`insert into videos (owner_id, title, visibility, status, playable_at)
      select ${w.otherId}, 'bulk', 'public', 'ready', now() from generate_series(1, ${n})`;
    await sql`insert into playlist_items (playlist_id, video_id, position)
      select ${full}, id, row_number() over (order by id) * 1024 from videos
      where title = 'bulk' limit ${n - 1}`;
    const [spare] = await sql<{ id: string }[]>`select id from videos v where title = 'bulk'
      and not exists (select 1 from playlist_items i where i.video_id = v.id)`;
    const fits = await w.owner.request(`/api/v1/playlists/${full}/items`, {
      json: { videoId: spare.id },
    });
    assert.equal(fits.status, 201);
    const extra = await addPlayableVideo(sql, w.otherId);
    const tooMany = await w.owner.request(`/api/v1/playlists/${full}/items`, {
      json: { videoId: extra },
    });
    assert.equal(tooMany.status, 409);
    assert.equal((await tooMany.json()).error.details.limit, n);
    // Items page by cursor: 5,000 in pages of 100, each once, in order.
    const seen: string[] = [];
    let cursor: string | null = "";
    let pages = 0;
    while (cursor !== null) {
      const r: Response = await w.owner.request(
        `/api/v1/playlists/${full}/items?limit=100${cursor ? `&cursor=${cursor}` : ""}`,
      );
      const page = await r.json();
      seen.push(...page.items.map((i: { id: string }) => i.id));
      cursor = page.nextCursor;
      pages++;
    }
    assert.equal(pages, 50);
    assert.equal(new Set(seen).size, n);
    for (const bad of ["abc", "1e5", "9".repeat(30)]) {
      const r = await w.owner.request(`/api/v1/playlists/${full}/items?cursor=${bad}`);
      assert.equal(r.status, 400, bad);
    }

    // Input.
    const id = await create(w.other, { title: "Valid" });
    for (
      const json of [
        {},
        { title: "" },
        { title: "   " },
        { title: "x".repeat(151) },
        { title: "ok", visibility: "secret" },
        { title: "ok", extra: 1 },
        { title: "a\u0000b" },
        { title: "ok", description: "d".repeat(5001) },
      ]
    ) {
      const r = await w.other.request("/api/v1/playlists", { json });
      assert.equal(r.status, 400, JSON.stringify(json).slice(0, 80));
      const p = await w.other.request(`/api/v1/playlists/${id}`, { method: "PATCH", json });
      assert.equal(
        p.status,
        Object.keys(json).length === 0 ? 200 : 400,
        `PATCH ${JSON.stringify(json).slice(0, 60)}`,
      );
    }
    const renamed = await w.other.request(`/api/v1/playlists/${id}`, {
      method: "PATCH",
      json: { title: "  Renamed  ", description: "About", visibility: "unlisted" },
    });
    const { playlist } = await renamed.json();
    assert.deepEqual(
      [playlist.title, playlist.description, playlist.visibility],
      ["Renamed", "About", "unlisted"],
    );
    assert.equal((await w.other.request("/api/v1/playlists/not-a-uuid")).status, 400);
    assert.equal((await w.other.request(`/api/v1/playlists?ownerId=x`)).status, 400);
  } finally {
    await s.close();
  }
});
