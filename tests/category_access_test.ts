/**
 * Category-based access (access groups) across every way of reaching a video:
 * listings (home, channel, tag, category), search (API, page, suggestions),
 * the watch page, the playback API, the media edge, feeds, embeds and oEmbed,
 * playlists, history, liked videos, the follow feed and the announcement of a
 * new video; with ENFORCE_CATEGORY_ACCESS on and off, for the owner, a user
 * of the same group, a user of another group, an admin and anonymous.
 */
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import { signPlaybackToken } from "../lib/media/tokens.ts";
import { announceVideo } from "../lib/notifications/fanout.ts";
import { enforceAccessGroups, type Viewer } from "../lib/videos/access.ts";
import { relatedVideos } from "../lib/videos/related.ts";
import { trendingCards } from "../lib/videos/trending.ts";
import { MediaAccessCache } from "../lib/videos/media_access.ts";
import { seedVideoWithMedia } from "./_harness/media_fixture.ts";
import { openTestServices } from "./_harness/services.ts";
import { type TokenUser, tokenUser } from "./_harness/social_users.ts";

type Who = "anonymous" | "owner" | "peer" | "outsider" | "admin";
const EVERYONE: Who[] = ["anonymous", "owner", "peer", "outsider", "admin"];
const ENFORCED_SEES: Who[] = ["owner", "peer", "admin"];

Deno.test("access groups decide who lists, finds, opens and plays a video, everywhere, only when enforced", async () => {
  const services = await openTestServices({ env: { ENFORCE_CATEGORY_ACCESS: "true" } });
  try {
    const sql = services.db.sql;
    const app = createApp(services);
    const [dealer] = await sql`select id from access_groups where name = 'DEALER'`;
    const [vendor] = await sql`select id from access_groups where name = 'VENDOR'`;
    const deps = { sql, authSecret: services.authSecret };
    const users: Record<Exclude<Who, "anonymous">, TokenUser> = {
      owner: await tokenUser(deps, { name: "Dana Dealer" }),
      peer: await tokenUser(deps, { role: "viewer", name: "Pat" }),
      outsider: await tokenUser(deps, { role: "viewer", name: "Vic" }),
      admin: await tokenUser(deps, { role: "admin", name: "Ada" }),
    };
    await sql`update users set access_group_id = ${dealer.id}
      where id in ${sql([users.owner.id, users.peer.id])}`;
    await sql`update users set access_group_id = ${vendor.id} where id = ${users.outsider.id}`;

    // The video (with media on the edge) takes its uploader's group when it is created.
    const seeded = await seedVideoWithMedia(services, { visibility: "public" });
    const videoId = seeded.videoId;
    const [fresh] = await sql`insert into videos (owner_id, title) values (${users.owner.id}, 'x')
      returning access_group_id`;
    assert.equal(fresh.access_group_id, dealer.id, "a new video takes its uploader's group");
    await sql`delete from videos where owner_id = ${users.owner.id}`;
    await sql`update videos set owner_id = ${users.owner.id}, access_group_id = ${dealer.id},
      title = 'Harbour lighthouse', tags = ${["harbour"]}, category = 'travel'
      where id = ${videoId}`;
    // Personal lists hold it for everyone (saved before the groups were given).
    const [list] = await sql`insert into playlists (owner_id, title, privacy)
      values (${users.owner.id}, 'Coast', 'public') returning id`;
    await sql`insert into playlist_items (playlist_id, video_id, position)
      values (${list.id}, ${videoId}, 1)`;
    for (const u of [users.peer, users.outsider, users.admin]) {
      await sql`insert into watch_history (user_id, video_id, position_s)
        values (${u.id}, ${videoId}, 3)`;
      await sql`insert into video_reactions (user_id, video_id, kind)
        values (${u.id}, ${videoId}, 'like')`;
      await sql`insert into follows (follower_id, creator_id) values (${u.id}, ${users.owner.id})`;
    }

    const [neighbour] = await sql`insert into videos (owner_id, title, tags, status, playable_at)
      values (${users.admin.id}, 'Harbour at night', ${["harbour"]}, 'ready', now()) returning id`;
    const neighbourId: string = neighbour.id;
    const viewerOf = (who: Who): Viewer =>
      who === "anonymous" ? undefined : {
        id: users[who].id,
        role: who === "admin" ? "admin" : who === "owner" ? "creator" : "viewer",
        accessGroupId: who === "outsider" ? vendor.id : who === "admin" ? null : dealer.id,
      };
    const get = (who: Who, path: string) =>
      app.request(path, { headers: who === "anonymous" ? {} : users[who].auth });
    const text = async (who: Who, path: string) => {
      const r = await get(who, path);
      return { status: r.status, body: await r.text() };
    };
    const json = async (who: Who, path: string) => {
      const r = await get(who, path);
      assert.equal(r.status, 200, `${who} ${path}`);
      return await r.json();
    };
    const pageShows = async (who: Who, path: string) => {
      const r = await text(who, path);
      return r.status === 200 && r.body.includes(`/v/${videoId}`);
    };
    // Each way in, for one viewer: true when the video is reachable that way.
    const personal = {
      playlist: async (who: Who) =>
        (await json(who, `/api/v1/playlists/${list.id}/items`)).items.some((i: { id: string }) =>
          i.id === videoId
        ),
      history: async (who: Who) =>
        (await json(who, "/api/v1/history")).entries.some((e: { id: string }) => e.id === videoId),
      liked: async (who: Who) =>
        (await json(who, "/api/v1/users/me/likes")).videos.some((v: { id: string }) =>
          v.id === videoId
        ),
      followFeed: async (who: Who) =>
        (await json(who, "/api/v1/feed")).videos.some((v: { id: string }) => v.id === videoId),
    };
    const ways = {
      home: (who: Who) => pageShows(who, "/"),
      latest: (who: Who) => pageShows(who, "/latest"),
      channel: (who: Who) => pageShows(who, `/u/${users.owner.id}`),
      tag: (who: Who) => pageShows(who, "/tags/harbour"),
      category: (who: Who) => pageShows(who, "/c/travel"),
      searchPage: (who: Who) => pageShows(who, "/search?q=harbour"),
      searchApi: async (who: Who) =>
        (await json(who, "/api/v1/search?q=harbour")).results.some((r: { id: string }) =>
          r.id === videoId
        ),
      suggest: async (who: Who) =>
        (await json(who, "/api/v1/search/suggest?q=harb")).suggestions.some((
          s: { href: string },
        ) => s.href === `/v/${videoId}`),
      watch: async (who: Who) => (await text(who, `/v/${videoId}`)).status === 200,
      playbackAndMedia: async (who: Who) => {
        const r = await get(who, `/api/v1/videos/${videoId}/playback`);
        if (r.status !== 200) {
          assert.equal(r.status, 404, `${who} playback`);
          await r.body?.cancel();
          return false;
        }
        const { masterUrl } = await r.json();
        const master = await app.request(masterUrl);
        assert.equal(master.status, 200, `${who} plays what the playback API handed out`);
        const variant = (await master.text()).split("\n").find((l) => l.startsWith("240p/"))!;
        const seg = await app.request(`/media/${videoId}/${variant.replace("index.m3u8", "")}`);
        await seg.body?.cancel();
        return true;
      },
      embed: async (who: Who) => (await text(who, `/embed/${videoId}`)).status === 200,
      oembed: async (who: Who) =>
        (await text(who, `/oembed?url=${encodeURIComponent(`http://localhost:8000/v/${videoId}`)}`))
          .status === 200,
      siteFeed: (who: Who) => pageShows(who, "/feed.xml"),
      // Beside another video with the same tag, and on the trending shelf (lib, as the pages call it).
      related: async (who: Who) =>
        (await relatedVideos(sql, neighbourId, { limit: 12, viewer: viewerOf(who) })).some((v) =>
          v.id === videoId
        ),
      trending: async (who: Who) =>
        (await trendingCards(sql, [videoId], { limit: 12, viewer: viewerOf(who) })).length === 1,
    };

    // Enforced: same group, owner and admins; never another group or anonymous.
    for (const [way, reach] of Object.entries(ways)) {
      const anonymousWays = ["embed", "oembed", "siteFeed"];
      for (const who of EVERYONE) {
        // Embeds and feeds are seen by strangers: nobody gets them while groups are enforced.
        const expected = !anonymousWays.includes(way) && ENFORCED_SEES.includes(who);
        assert.equal(await reach(who), expected, `enforced: ${way} for ${who}`);
      }
    }
    for (const [way, reach] of Object.entries(personal)) {
      for (const who of ["peer", "outsider", "admin"] as const) {
        assert.equal(await reach(who), who !== "outsider", `enforced: ${way} for ${who}`);
      }
    }
    assert.equal(await personal.playlist("anonymous"), false, "enforced: playlist for anonymous");

    // An uploader who moved to another group still lists, finds and plays their own video.
    await sql`update users set access_group_id = ${vendor.id} where id = ${users.owner.id}`;
    for (
      const way of ["channel", "searchApi", "searchPage", "suggest", "playbackAndMedia"] as const
    ) {
      assert.equal(await ways[way]("owner"), true, `moved owner: ${way}`);
    }
    assert.equal(await ways.searchApi("outsider"), false, "the video stays in its group");
    await sql`update users set access_group_id = ${dealer.id} where id = ${users.owner.id}`;

    // The media edge: no token, or a valid token of another group's user, opens nothing.
    const seg = `/media/${videoId}/240p/seg_00000.m4s`;
    const status = async (path: string) => {
      const r = await app.request(path);
      await r.body?.cancel();
      return r.status;
    };
    assert.equal(await status(seg), 403, "enforced: no token");
    const forged = (viewerId: string) =>
      `${seg}?token=${
        signPlaybackToken(services.secret, videoId, { expiresIn: 60, viewerId, tokenVersion: 0 })
          .token
      }`;
    assert.equal(await status(forged(users.outsider.id)), 403, "enforced: another group's token");
    assert.equal(await status(forged(users.peer.id)), 200, "enforced: the group's token");
    const master = await app.request(
      `/media/${videoId}/master.m3u8?token=${
        signPlaybackToken(services.secret, videoId, {
          expiresIn: 60,
          viewerId: users.peer.id,
          tokenVersion: 0,
        }).token
      }`,
    );
    assert.match(master.headers.get("cache-control")!, /^private/);
    assert.match(await master.text(), /^240p\/index\.m3u8\?token=/m, "token in every URL");

    // A new video is announced only to followers who may see it.
    assert.equal(await announceVideo(sql, videoId), 2);
    const told = await sql`select user_id from notifications where video_id = ${videoId}`;
    assert.deepEqual(
      told.map((r) => r.user_id).sort(),
      [users.peer.id, users.admin.id].sort(),
    );

    // Off: groups are informational; the public video reaches everyone, as before.
    enforceAccessGroups(false);
    for (const [way, reach] of Object.entries(ways)) {
      for (const who of EVERYONE) {
        assert.equal(await reach(who), true, `not enforced: ${way} for ${who}`);
      }
    }
    for (const [way, reach] of Object.entries(personal)) {
      for (const who of ["peer", "outsider", "admin"] as const) {
        assert.equal(await reach(who), true, `not enforced: ${way} for ${who}`);
      }
    }
    assert.equal(await status(seg), 200, "not enforced: a public segment needs no token");
    await sql`delete from notifications`;
    assert.equal(await announceVideo(sql, videoId), 3, "not enforced: every follower is told");
  } finally {
    enforceAccessGroups(false);
    await services.close();
  }
});

Deno.test("changing a user's access group ends their sessions and media tokens at once, audited", async () => {
  const services = await openTestServices({ env: { ENFORCE_CATEGORY_ACCESS: "true" } });
  try {
    const sql = services.db.sql;
    const app = createApp(services);
    const deps = { sql, authSecret: services.authSecret };
    const admin = await tokenUser(deps, { role: "admin", name: "Ada" });
    const peer = await tokenUser(deps, { role: "viewer", name: "Pat" });
    const [dealer] = await sql`select id from access_groups where name = 'DEALER'`;
    const { videoId, ownerId } = await seedVideoWithMedia(services, { visibility: "public" });
    await sql`update users set access_group_id = ${dealer.id} where id in ${
      sql([peer.id, ownerId])
    }`;
    await sql`update videos set access_group_id = ${dealer.id} where id = ${videoId}`;
    const api = (path: string, init: { method?: string; json?: unknown; as?: TokenUser } = {}) =>
      app.request(path, {
        method: init.method ?? (init.json ? "POST" : "GET"),
        headers: { ...(init.as ?? admin).auth, "content-type": "application/json" },
        body: init.json === undefined ? undefined : JSON.stringify(init.json),
      });
    const playback = await api(`/api/v1/videos/${videoId}/playback`, { as: peer });
    assert.equal(playback.status, 200);
    const { masterUrl } = await playback.json();

    // Only admins manage groups.
    const refused = await api("/api/v1/admin/access-groups", { json: { name: "X" }, as: peer });
    assert.equal(refused.status, 403);
    await refused.body?.cancel();
    const created = await api("/api/v1/admin/access-groups", { json: { name: "PARTNER" } });
    assert.equal(created.status, 201);
    const { group } = await created.json();
    const twice = await api("/api/v1/admin/access-groups", { json: { name: "partner" } });
    assert.equal(twice.status, 409, "names are unique whatever their case");
    await twice.body?.cancel();

    const moved = await api(`/api/v1/users/${peer.id}/access-group`, {
      method: "PUT",
      json: { accessGroupId: group.id },
    });
    assert.equal(moved.status, 204);
    // The old access token and the media token handed out before are refused now.
    assert.equal((await api("/api/v1/auth/me", { as: peer })).status, 401);
    const media = await app.request(masterUrl);
    assert.equal(media.status, 403);
    await media.body?.cancel();

    const renamed = await api(`/api/v1/admin/access-groups/${group.id}`, {
      method: "PATCH",
      json: { name: "PARTNERS" },
    });
    assert.equal(renamed.status, 200);
    assert.equal((await renamed.json()).group.members, 1);
    const held = await api(`/api/v1/admin/access-groups/${group.id}`, { method: "DELETE" });
    assert.equal(held.status, 409, "a group someone holds stays");
    assert.equal((await held.json()).error.details.members, 1);
    const none = await api(`/api/v1/users/${peer.id}/access-group`, {
      method: "PUT",
      json: { accessGroupId: null },
    });
    assert.equal(none.status, 204);
    const removed = await api(`/api/v1/admin/access-groups/${group.id}`, { method: "DELETE" });
    assert.equal(removed.status, 204);

    const audit = await sql`select action, actor_id, target_id, details from audit_log
      where action like 'access_group.%' or action = 'user.access_group' order by id`;
    assert.deepEqual(audit.map((a) => [a.action, a.details]), [
      ["access_group.create", { name: "PARTNER" }],
      ["user.access_group", { from: "DEALER", to: "PARTNER" }],
      ["access_group.rename", { from: "PARTNER", to: "PARTNERS" }],
      ["user.access_group", { from: "PARTNERS", to: null }],
      ["access_group.remove", { name: "PARTNERS" }],
    ]);
    assert.ok(audit.every((a) => a.actor_id === admin.id));
    assert.equal(audit[1].target_id, peer.id);
  } finally {
    enforceAccessGroups(false);
    await services.close();
  }
});

Deno.test("a media grant remembered by the edge ends with its cache entry once the viewer's token_version changes", async () => {
  const services = await openTestServices();
  try {
    const sql = services.db.sql;
    enforceAccessGroups(true);
    const cache = new MediaAccessCache(sql, { ttlMs: 200 });
    const { videoId, ownerId } = await seedVideoWithMedia(services, { visibility: "public" });
    const viewer = await tokenUser({ sql, authSecret: services.authSecret }, { role: "viewer" });
    const [dealer] = await sql`select id from access_groups where name = 'DEALER'`;
    await sql`update users set access_group_id = ${dealer.id}
      where id in ${sql([viewer.id, ownerId])}`;
    await sql`update videos set access_group_id = ${dealer.id} where id = ${videoId}`;
    const asked = { tokenOk: true, viewer: { id: viewer.id, tokenVersion: 0 } };
    assert.equal((await cache.check(videoId, asked)).verdict, "serve");
    await sql`update users set token_version = token_version + 1 where id = ${viewer.id}`;
    // Remembered for at most the cache lifetime (5 s in the app)…
    assert.equal((await cache.check(videoId, asked)).verdict, "serve");
    await new Promise((r) => setTimeout(r, 250));
    // …then refused: the token was issued at a token_version that is not the viewer's any more.
    assert.equal((await cache.check(videoId, asked)).verdict, "denied");
    const current = { tokenOk: true, viewer: { id: viewer.id, tokenVersion: 1 } };
    assert.equal((await cache.check(videoId, current)).verdict, "serve");
  } finally {
    enforceAccessGroups(false);
    await services.close();
  }
});
