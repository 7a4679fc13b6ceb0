/**
 * Likes and dislikes through the real app on PostgreSQL: who may react, exact
 * counts under a burst of concurrent likes, toggles, deletions, who sees the
 * dislike count, and the liked-videos list.
 */
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import { openTestServices } from "./_harness/services.ts";
import { listedVideo, tokenUser } from "./_harness/social_users.ts";

// Bursts from one address and many users must not meet the API rate limits here.
const OPEN_LIMITS = { rateLimits: { apiIp: 1_000_000, apiUser: 1_000_000 } };

async function setup() {
  const services = await openTestServices();
  const app = createApp(services, OPEN_LIMITS);
  const deps = { sql: services.db.sql, authSecret: services.authSecret };
  const call = async (
    path: string,
    init: { method?: string; auth?: object; json?: unknown } = {},
  ): Promise<Response> =>
    await app.request(path, {
      method: init.method ?? "GET",
      headers: {
        ...(init.auth ?? {}),
        ...(init.json !== undefined ? { "content-type": "application/json" } : {}),
      },
      body: init.json !== undefined ? JSON.stringify(init.json) : undefined,
    });
  const counts = async (id: string) => {
    const [row] = await services.db.sql<{ likes: number; dislikes: number }[]>`
      select like_count as likes, dislike_count as dislikes from videos where id = ${id}`;
    return row;
  };
  return { services, app, deps, call, counts, sql: services.db.sql };
}

Deno.test("reactions: anonymous 401, banned refused, others react, a private video of someone else is a 404", async () => {
  const { services, app, deps, call, counts, sql } = await setup();
  try {
    const owner = await tokenUser(deps);
    const other = await tokenUser(deps);
    const admin = await tokenUser(deps, { role: "admin" });
    const banned = await tokenUser(deps);
    await sql`update users set banned_at = now(), ban_reason = 'spam' where id = ${banned.id}`;
    const pub = await listedVideo(sql, owner.id);
    const priv = await listedVideo(sql, owner.id, { visibility: "private" });
    const path = (id: string) => `/api/v1/videos/${id}/reaction`;
    const like = { reaction: "like" };

    assert.equal((await call(path(pub), { method: "PUT", json: like })).status, 401);
    assert.equal((await call(path(pub), { method: "DELETE" })).status, 401);
    assert.equal(
      (await call(path(pub), { method: "PUT", json: like, auth: banned.auth })).status,
      401,
    );
    assert.equal((await counts(pub)).likes, 0, "refused calls change nothing");

    const byOther = await call(path(pub), { method: "PUT", json: like, auth: other.auth });
    assert.equal(byOther.status, 200);
    assert.deepEqual((await byOther.json()).reaction, { mine: "like", likes: 1 });

    const dislikeByAdmin = await call(path(pub), {
      method: "PUT",
      json: { reaction: "dislike" },
      auth: admin.auth,
    });
    assert.deepEqual((await dislikeByAdmin.json()).reaction, {
      mine: "dislike",
      likes: 1,
      dislikes: 1,
    }, "admins see the dislike count");

    const byOwner = await call(path(pub), { method: "PUT", json: like, auth: owner.auth });
    assert.deepEqual((await byOwner.json()).reaction, { mine: "like", likes: 2, dislikes: 1 });

    // Someone else's private video: as if it did not exist.
    const hidden = await call(path(priv), { method: "PUT", json: like, auth: other.auth });
    assert.equal(hidden.status, 404);
    assert.equal((await call(path(priv), { method: "DELETE", auth: other.auth })).status, 404);
    assert.equal((await call(path(priv), { auth: other.auth })).status, 404);
    assert.equal((await counts(priv)).likes, 0);
    // Its owner and admins may react to it.
    assert.equal(
      (await call(path(priv), { method: "PUT", json: like, auth: owner.auth })).status,
      200,
    );
    assert.equal(
      (await call(path(priv), { method: "PUT", json: like, auth: admin.auth })).status,
      200,
    );

    // Bad input: an unknown reaction, extra fields, not JSON, a malformed id, no such video.
    for (const json of [{ reaction: "love" }, { reaction: "like", extra: 1 }, {}]) {
      assert.equal((await call(path(pub), { method: "PUT", json, auth: other.auth })).status, 400);
    }
    const notJson = await app.request(path(pub), {
      method: "PUT",
      headers: { ...other.auth, "content-type": "application/json" },
      body: "{",
    });
    assert.equal(notJson.status, 400);
    assert.equal(
      (await call(path("nope"), { method: "PUT", json: like, auth: other.auth })).status,
      400,
    );
    assert.equal(
      (await call(path(crypto.randomUUID()), { method: "PUT", json: like, auth: other.auth }))
        .status,
      404,
    );
  } finally {
    await services.close();
  }
});

Deno.test("reactions: the dislike count is shown only to the creator and admins", async () => {
  const { services, deps, call, sql } = await setup();
  try {
    const owner = await tokenUser(deps);
    const fan = await tokenUser(deps);
    const admin = await tokenUser(deps, { role: "admin" });
    const video = await listedVideo(sql, owner.id, { title: "Dislikable" });
    await call(`/api/v1/videos/${video}/reaction`, {
      method: "PUT",
      json: { reaction: "dislike" },
      auth: fan.auth,
    });
    const seen = async (auth?: object) =>
      (await (await call(`/api/v1/videos/${video}/reaction`, { auth })).json()).reaction;
    assert.deepEqual(await seen(), { mine: null, likes: 0 });
    assert.deepEqual(await seen(fan.auth), { mine: "dislike", likes: 0 });
    assert.deepEqual(await seen(owner.auth), { mine: null, likes: 0, dislikes: 1 });
    assert.deepEqual(await seen(admin.auth), { mine: null, likes: 0, dislikes: 1 });

    // The watch page says the same: the island's props carry the count only for the owner.
    const page = async (auth?: object) => await (await call(`/v/${video}`, { auth })).text();
    assert.match(await page(owner.auth), /&quot;dislikes&quot;:1/);
    assert.doesNotMatch(await page(fan.auth), /dislikes&quot;/);
    assert.doesNotMatch(await page(), /dislikes&quot;/);
    assert.match(await page(), /Sign in to like/);
  } finally {
    await services.close();
  }
});

Deno.test("reactions: 500 concurrent likes from distinct users through the app leave exactly 500", async () => {
  const { services, deps, call, counts, sql } = await setup();
  try {
    const owner = await tokenUser(deps);
    const video = await listedVideo(sql, owner.id);
    const fans = await Promise.all(Array.from({ length: 500 }, () => tokenUser(deps)));
    const statuses = await Promise.all(fans.map((f) =>
      call(`/api/v1/videos/${video}/reaction`, {
        method: "PUT",
        json: { reaction: "like" },
        auth: f.auth,
      }).then((r) => r.status)
    ));
    assert.deepEqual(statuses.filter((s) => s !== 200), []);
    assert.deepEqual(await counts(video), { likes: 500, dislikes: 0 });
    // And back: half of them switch to a dislike, the other half take it back, all at once.
    await Promise.all(
      fans.map((f, i) =>
        call(
          `/api/v1/videos/${video}/reaction`,
          i % 2
            ? { method: "PUT", json: { reaction: "dislike" }, auth: f.auth }
            : { method: "DELETE", auth: f.auth },
        )
      ),
    );
    assert.deepEqual(await counts(video), { likes: 0, dislikes: 250 });
  } finally {
    await services.close();
  }
});

Deno.test("reactions: like → dislike → none, repeats and double clicks keep the counts right", async () => {
  const { services, deps, call, counts, sql } = await setup();
  try {
    const owner = await tokenUser(deps);
    const fan = await tokenUser(deps);
    const video = await listedVideo(sql, owner.id);
    const put = (reaction: string) =>
      call(`/api/v1/videos/${video}/reaction`, {
        method: "PUT",
        json: { reaction },
        auth: fan.auth,
      });
    await put("like");
    assert.deepEqual(await counts(video), { likes: 1, dislikes: 0 });
    await Promise.all([put("like"), put("like"), put("like")]);
    assert.deepEqual(await counts(video), { likes: 1, dislikes: 0 }, "one reaction per user");
    await put("dislike");
    assert.deepEqual(await counts(video), { likes: 0, dislikes: 1 });
    const none = await call(`/api/v1/videos/${video}/reaction`, {
      method: "DELETE",
      auth: fan.auth,
    });
    assert.deepEqual((await none.json()).reaction, { mine: null, likes: 0 });
    assert.deepEqual(await counts(video), { likes: 0, dislikes: 0 });
    await call(`/api/v1/videos/${video}/reaction`, { method: "DELETE", auth: fan.auth });
    assert.deepEqual(await counts(video), { likes: 0, dislikes: 0 }, "a second unlike is a no-op");
  } finally {
    await services.close();
  }
});

Deno.test("reactions: counts stay right when a user or a video is deleted", async () => {
  const { services, deps, call, counts, sql } = await setup();
  try {
    const owner = await tokenUser(deps);
    const [a, b, c] = await Promise.all([tokenUser(deps), tokenUser(deps), tokenUser(deps)]);
    const v1 = await listedVideo(sql, owner.id);
    const v2 = await listedVideo(sql, owner.id);
    const v3 = await listedVideo(sql, c.id, { title: "c's own" });
    const put = (v: string, who: { auth: object }, reaction: string) =>
      call(`/api/v1/videos/${v}/reaction`, { method: "PUT", json: { reaction }, auth: who.auth });
    await put(v1, a, "like");
    await put(v2, a, "dislike");
    await put(v1, b, "like");
    await put(v2, b, "like");
    await put(v1, c, "dislike");
    await put(v3, a, "like");
    assert.deepEqual(await counts(v1), { likes: 2, dislikes: 1 });
    assert.deepEqual(await counts(v2), { likes: 1, dislikes: 1 });

    await sql`delete from users where id = ${a.id}`;
    assert.deepEqual(await counts(v1), { likes: 1, dislikes: 1 });
    assert.deepEqual(await counts(v2), { likes: 1, dislikes: 0 });

    // c goes, and c's own video with them: their reactions elsewhere are taken back.
    await sql`delete from users where id = ${c.id}`;
    assert.deepEqual(await counts(v1), { likes: 1, dislikes: 0 });
    const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from video_reactions`;
    assert.equal(n, 2, "only b's two reactions are left");

    // A deleted video takes its reactions with it, and b's liked list no longer has it.
    const del = await call(`/api/v1/videos/${v2}`, { method: "DELETE", auth: owner.auth });
    assert.equal(del.status, 204);
    const liked = await (await call("/api/v1/users/me/likes", { auth: b.auth })).json();
    assert.deepEqual(liked.videos.map((v: { id: string }) => v.id), [v1]);
    // Every count equals the rows it counts.
    const drift = await sql`
      select v.id from videos v
      where v.like_count <> (select count(*) from video_reactions r
                               where r.video_id = v.id and r.kind = 'like')
         or v.dislike_count <> (select count(*) from video_reactions r
                               where r.video_id = v.id and r.kind = 'dislike')`;
    assert.equal(drift.length, 0);
  } finally {
    await services.close();
  }
});

Deno.test("liked videos: newest like first, a page at a time, only what the viewer may still see", async () => {
  const { services, deps, call, sql } = await setup();
  try {
    const owner = await tokenUser(deps);
    const fan = await tokenUser(deps);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const id = await listedVideo(sql, owner.id, { title: `liked ${i}` });
      ids.push(id);
      await call(`/api/v1/videos/${id}/reaction`, {
        method: "PUT",
        json: { reaction: "like" },
        auth: fan.auth,
      });
      await new Promise((r) => setTimeout(r, 5)); // distinct like times
    }
    const disliked = await listedVideo(sql, owner.id, { title: "not liked" });
    await call(`/api/v1/videos/${disliked}/reaction`, {
      method: "PUT",
      json: { reaction: "dislike" },
      auth: fan.auth,
    });
    // ids[1] turns private: it leaves the list (the owner's list would still have it).
    await sql`update videos set visibility = 'private' where id = ${ids[1]}`;
    const seen: string[] = [];
    let cursor = "";
    for (let guard = 0; guard < 10; guard++) {
      const res = await call(`/api/v1/users/me/likes?limit=2${cursor}`, { auth: fan.auth });
      assert.equal(res.status, 200);
      const body = await res.json();
      seen.push(...body.videos.map((v: { id: string }) => v.id));
      if (!body.nextCursor) break;
      cursor = `&cursor=${encodeURIComponent(body.nextCursor)}`;
    }
    assert.deepEqual(seen, [ids[4], ids[3], ids[2], ids[0]]);
    assert.equal((await call("/api/v1/users/me/likes")).status, 401);
    assert.equal(
      (await call("/api/v1/users/me/likes?cursor=bogus", { auth: fan.auth })).status,
      400,
    );
    assert.equal((await call("/api/v1/users/me/likes?limit=1000", { auth: fan.auth })).status, 400);
    const html = await (await call("/liked", { auth: fan.auth })).text();
    assert.match(html, /liked 4/);
    assert.doesNotMatch(html, /liked 1|not liked/);
    const anon = await call("/liked");
    assert.equal(anon.status, 303);
  } finally {
    await services.close();
  }
});

Deno.test("reactions without JavaScript: the form posts and comes back to the watch page", async () => {
  const { services, app, deps, counts, sql } = await setup();
  try {
    const owner = await tokenUser(deps);
    const fan = await tokenUser(deps);
    const video = await listedVideo(sql, owner.id);
    const post = (reaction: string) =>
      app.request(`/v/${video}/reaction`, {
        method: "POST",
        headers: { ...fan.auth, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ reaction }).toString(),
      });
    const res = await post("like");
    assert.equal(res.status, 303);
    assert.equal(res.headers.get("location"), `/v/${video}`);
    assert.deepEqual(await counts(video), { likes: 1, dislikes: 0 });
    await post("none");
    assert.deepEqual(await counts(video), { likes: 0, dislikes: 0 });
    assert.equal((await post("meh")).status, 400);
  } finally {
    await services.close();
  }
});
