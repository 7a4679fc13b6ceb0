/**
 * Follows and the follow feed through the real app on PostgreSQL: who may
 * follow whom, follower counts, the feed's contents, order, pages and privacy,
 * its empty state, and the home page's shelf.
 */
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import { openTestServices } from "./_harness/services.ts";
import { listedVideo, tokenUser } from "./_harness/social_users.ts";

async function setup() {
  const services = await openTestServices();
  const app = createApp(services, { rateLimits: { apiIp: 1_000_000, apiUser: 1_000_000 } });
  const deps = { sql: services.db.sql, authSecret: services.authSecret };
  const call = async (path: string, init: { method?: string; auth?: object } = {}) =>
    await app.request(path, { method: init.method ?? "GET", headers: { ...(init.auth ?? {}) } });
  const followers = async (id: string) => {
    const [row] = await services.db.sql<{ n: number }[]>`
      select follower_count as n from users where id = ${id}`;
    return row.n;
  };
  return { services, app, deps, call, followers, sql: services.db.sql };
}

Deno.test("follows: anonymous 401, banned refused, not yourself, unknown 404, counts exact", async () => {
  const { services, deps, call, followers, sql } = await setup();
  try {
    const creator = await tokenUser(deps, { name: "Creator" });
    const fan = await tokenUser(deps);
    const admin = await tokenUser(deps, { role: "admin" });
    const banned = await tokenUser(deps);
    await sql`update users set banned_at = now(), ban_reason = 'spam' where id = ${banned.id}`;
    const path = (id: string) => `/api/v1/users/${id}/follow`;

    assert.equal((await call(path(creator.id), { method: "PUT" })).status, 401);
    assert.equal((await call(path(creator.id), { method: "DELETE" })).status, 401);
    assert.equal((await call(path(creator.id), { method: "PUT", auth: banned.auth })).status, 401);
    const self = await call(path(creator.id), { method: "PUT", auth: creator.auth });
    assert.equal(self.status, 400);
    assert.match((await self.json()).error.message, /yourself/);
    assert.equal(
      (await call(path(crypto.randomUUID()), { method: "PUT", auth: fan.auth })).status,
      404,
    );
    assert.equal((await call(path(banned.id), { method: "PUT", auth: fan.auth })).status, 404);
    assert.equal((await call(path("me"), { method: "PUT", auth: fan.auth })).status, 400);
    assert.equal(await followers(creator.id), 0);

    const first = await call(path(creator.id), { method: "PUT", auth: fan.auth });
    assert.equal(first.status, 200);
    assert.deepEqual((await first.json()).follow, { following: true, followers: 1 });
    const again = await call(path(creator.id), { method: "PUT", auth: fan.auth });
    assert.deepEqual((await again.json()).follow, { following: true, followers: 1 });
    await call(path(creator.id), { method: "PUT", auth: admin.auth });
    assert.equal(await followers(creator.id), 2);

    // The channel and watch pages show the count; a follower sees "Following".
    const video = await listedVideo(sql, creator.id, { title: "Creator's video" });
    const channel = await (await call(`/u/${creator.id}`, { auth: fan.auth })).text();
    assert.match(channel, /<dt>Followers<\/dt><dd>2<\/dd>/);
    assert.match(channel, /aria-pressed="true"[^>]*>Following</);
    const watch = await (await call(`/v/${video}`)).text();
    assert.match(watch, /2 followers/);
    // The creator's own pages have no Follow button.
    assert.doesNotMatch(
      await (await call(`/u/${creator.id}`, { auth: creator.auth })).text(),
      /follow-button/,
    );

    const off = await call(path(creator.id), { method: "DELETE", auth: fan.auth });
    assert.deepEqual((await off.json()).follow, { following: false, followers: 1 });
    await call(path(creator.id), { method: "DELETE", auth: fan.auth });
    assert.equal(await followers(creator.id), 1, "a second unfollow is a no-op");

    // A deleted follower no longer counts.
    await sql`delete from users where id = ${admin.id}`;
    assert.equal(await followers(creator.id), 0);
  } finally {
    await services.close();
  }
});

Deno.test("follows: concurrent follows from 200 users count exactly", async () => {
  const { services, deps, call, followers } = await setup();
  try {
    const creator = await tokenUser(deps);
    const fans = await Promise.all(Array.from({ length: 200 }, () => tokenUser(deps)));
    const statuses = await Promise.all(
      fans.map((f) =>
        call(`/api/v1/users/${creator.id}/follow`, { method: "PUT", auth: f.auth }).then((r) =>
          r.status
        )
      ),
    );
    assert.deepEqual(statuses.filter((s) => s !== 200), []);
    assert.equal(await followers(creator.id), 200);
  } finally {
    await services.close();
  }
});

Deno.test("feed: followed creators' public videos, newest first, paged, never a private or unlisted one", async () => {
  const { services, deps, call, sql } = await setup();
  try {
    const fan = await tokenUser(deps);
    const [a, b, stranger] = await Promise.all([
      tokenUser(deps, { name: "Ada" }),
      tokenUser(deps, { name: "Bea" }),
      tokenUser(deps, { name: "Stranger" }),
    ]);
    const expected: string[] = [];
    for (let i = 0; i < 6; i++) {
      expected.push(await listedVideo(sql, i % 2 ? a.id : b.id, { minutesAgo: i, title: `f${i}` }));
    }
    await listedVideo(sql, a.id, { visibility: "private", title: "a private one" });
    await listedVideo(sql, a.id, { visibility: "unlisted", title: "an unlisted one" });
    await listedVideo(sql, stranger.id, { title: "not followed" });
    await sql`insert into videos (owner_id, title, visibility, status)
      values (${a.id}, 'still uploading', 'public', 'uploading')`;
    for (const c of [a, b]) {
      await call(`/api/v1/users/${c.id}/follow`, { method: "PUT", auth: fan.auth });
    }
    const seen: string[] = [];
    let cursor = "";
    for (let guard = 0; guard < 10; guard++) {
      const res = await call(`/api/v1/feed?limit=4${cursor}`, { auth: fan.auth });
      assert.equal(res.status, 200);
      const body = await res.json();
      assert.ok(body.videos.length <= 4);
      seen.push(...body.videos.map((v: { id: string }) => v.id));
      if (!body.nextCursor) break;
      cursor = `&cursor=${encodeURIComponent(body.nextCursor)}`;
    }
    assert.deepEqual(seen, expected, "newest first, every one once, nothing else");

    // An admin following the creator sees no private video in the feed either.
    const admin = await tokenUser(deps, { role: "admin" });
    await call(`/api/v1/users/${a.id}/follow`, { method: "PUT", auth: admin.auth });
    const adminFeed = await (await call("/api/v1/feed?limit=50", { auth: admin.auth })).json();
    assert.equal(adminFeed.videos.length, 3);

    // A video turning private leaves the feed at once.
    await sql`update videos set visibility = 'private' where id = ${expected[0]}`;
    const after = await (await call("/api/v1/feed?limit=50", { auth: fan.auth })).json();
    assert.deepEqual(after.videos.map((v: { id: string }) => v.id), expected.slice(1));

    assert.equal((await call("/api/v1/feed")).status, 401);
    assert.equal((await call("/api/v1/feed?cursor=%00", { auth: fan.auth })).status, 400);
    const html = await (await call("/feed", { auth: fan.auth })).text();
    assert.match(html, /f1/);
    assert.doesNotMatch(html, /a private one|an unlisted one|not followed/);
    assert.equal((await call("/feed")).status, 303);
  } finally {
    await services.close();
  }
});

Deno.test("feed: the empty state suggests creators with public videos, most followed first", async () => {
  const { services, deps, call, sql } = await setup();
  try {
    const fan = await tokenUser(deps);
    const popular = await tokenUser(deps, { name: "Popular Pat" });
    const quiet = await tokenUser(deps, { name: "Quiet Quinn" });
    const noVideos = await tokenUser(deps, { name: "Empty Emma" });
    const onlyPrivate = await tokenUser(deps, { name: "Private Pia" });
    await listedVideo(sql, popular.id);
    await listedVideo(sql, quiet.id);
    await listedVideo(sql, onlyPrivate.id, { visibility: "private" });
    const others = await Promise.all([tokenUser(deps), tokenUser(deps)]);
    for (const o of others) {
      await call(`/api/v1/users/${popular.id}/follow`, { method: "PUT", auth: o.auth });
    }
    const html = await (await call("/feed", { auth: fan.auth })).text();
    assert.match(html, /Follow creators/);
    assert.match(html, /Popular Pat[\s\S]*Quiet Quinn/, "the most followed first");
    assert.doesNotMatch(html, /Empty Emma|Private Pia/);
    assert.match(html, /follow-button[^>]*>Follow<span class="visually-hidden"> Popular Pat</);

    // Following someone without new videos: the heading says so.
    await call(`/api/v1/users/${noVideos.id}/follow`, { method: "PUT", auth: fan.auth });
    const still = await (await call("/feed", { auth: fan.auth })).text();
    assert.match(still, /No new videos from the creators you follow/);
  } finally {
    await services.close();
  }
});

Deno.test("home: a 'From creators you follow' shelf for a signed-in follower only", async () => {
  const { services, deps, call, sql } = await setup();
  try {
    const fan = await tokenUser(deps);
    const loner = await tokenUser(deps);
    const creator = await tokenUser(deps, { name: "Shelf Creator" });
    await listedVideo(sql, creator.id, { title: "Shelf video" });
    await call(`/api/v1/users/${creator.id}/follow`, { method: "PUT", auth: fan.auth });
    const shelf = /From creators you follow/;
    assert.match(await (await call("/", { auth: fan.auth })).text(), shelf);
    assert.doesNotMatch(await (await call("/", { auth: loner.auth })).text(), shelf);
    assert.doesNotMatch(await (await call("/")).text(), shelf);
    // The header links to the feed for signed-in users only.
    assert.match(await (await call("/", { auth: loner.auth })).text(), /href="\/feed">Following</);
    assert.doesNotMatch(await (await call("/")).text(), /href="\/feed"/);
  } finally {
    await services.close();
  }
});

Deno.test("follows without JavaScript: the form posts and comes back only to our own pages", async () => {
  const { services, app, deps, followers } = await setup();
  try {
    const fan = await tokenUser(deps);
    const creator = await tokenUser(deps);
    const post = (form: Record<string, string>) =>
      app.request(`/u/${creator.id}/follow`, {
        method: "POST",
        headers: { ...fan.auth, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(form).toString(),
      });
    const on = await post({ follow: "on", back: "/feed" });
    assert.equal(on.status, 303);
    assert.equal(on.headers.get("location"), "/feed");
    assert.equal(await followers(creator.id), 1);
    const off = await post({ follow: "off", back: "https://evil.example/" });
    assert.equal(off.headers.get("location"), `/u/${creator.id}`);
    assert.equal(await followers(creator.id), 0);
    assert.equal((await post({ follow: "maybe" })).status, 400);
  } finally {
    await services.close();
  }
});
