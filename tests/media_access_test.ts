/**
 * The media edge's access decisions over time: a grant the playback API makes
 * is never denied by a remembered refusal (on this instance or another), and
 * playback tokens stop opening a video once it turns private or the viewer
 * loses access.
 */
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import { signPlaybackToken } from "../lib/media/tokens.ts";
import type { Sql } from "../lib/db/mod.ts";
import { MediaAccessCache } from "../lib/videos/media_access.ts";
import { openTestServices } from "./_harness/services.ts";
import { seedVideoWithMedia } from "./_harness/media_fixture.ts";

async function newUser(sql: Sql, role = "viewer"): Promise<string> {
  const [u] = await sql`insert into users (email, password_hash, display_name, role)
    values (${`u-${crypto.randomUUID()}@example.com`}, 'x', 'U', ${role}) returning id`;
  return u.id;
}

Deno.test("a video made public is served at once by every instance that refused it a moment ago", async () => {
  const services = await openTestServices();
  try {
    const a = createApp(services);
    const b = createApp(services);
    const { videoId } = await seedVideoWithMedia(services, { visibility: "private" });
    const seg = `/media/${videoId}/240p/seg_00000.m4s`;
    for (const app of [a, b]) assert.equal((await app.request(seg)).status, 403);
    await services.db.sql`update videos set visibility = 'public' where id = ${videoId}`;
    for (const app of [a, b]) {
      const r = await app.request(seg);
      assert.equal(r.status, 200);
      assert.match(r.headers.get("cache-control")!, /^public, /);
      await r.body?.cancel();
    }
  } finally {
    await services.close();
  }
});

Deno.test("a private video opens only for tokens of its owner or an admin, checked now", async () => {
  const services = await openTestServices();
  try {
    const app = createApp(services);
    const sql = services.db.sql;
    const { videoId, ownerId } = await seedVideoWithMedia(services, { visibility: "private" });
    const stranger = await newUser(sql);
    const admin = await newUser(sql, "admin");
    const seg = (viewerId?: string) =>
      `/media/${videoId}/240p/seg_00000.m4s?token=${
        signPlaybackToken(services.secret, videoId, { expiresIn: 300, viewerId, tokenVersion: 0 })
          .token
      }`;
    const status = async (url: string) => {
      const r = await app.request(url);
      await r.body?.cancel();
      return r.status;
    };
    assert.equal(await status(seg(ownerId)), 200);
    assert.equal(await status(seg(admin)), 200);
    assert.equal(await status(seg(stranger)), 403);
    assert.equal(await status(seg()), 403);
    // An admin who is no longer one loses access once the 5 s memory lapses (here: a new instance).
    await sql`update users set role = 'creator' where id = ${admin}`;
    const later = createApp(services);
    const r = await later.request(seg(admin));
    assert.equal(r.status, 403);
    assert.equal((await r.json()).error.code, "forbidden");
  } finally {
    await services.close();
  }
});

Deno.test("an unlisted video's tokens stop working within the cache lifetime once it is private", async () => {
  const services = await openTestServices();
  try {
    const sql = services.db.sql;
    const cache = new MediaAccessCache(sql, { ttlMs: 200 });
    const { videoId } = await seedVideoWithMedia(services, { visibility: "unlisted" });
    const viewer = await newUser(sql);
    const asked = { tokenOk: true, viewer: { id: viewer, tokenVersion: 0 } };
    assert.equal((await cache.check(videoId, asked)).verdict, "serve");
    await sql`update videos set visibility = 'private' where id = ${videoId}`;
    // Remembered for at most the cache lifetime (here 200 ms; 5 s in the app)…
    assert.equal((await cache.check(videoId, asked)).verdict, "serve");
    await new Promise((r) => setTimeout(r, 250));
    // …then refused: the token's viewer may not see a private video.
    assert.equal((await cache.check(videoId, asked)).verdict, "denied");
    assert.equal((await cache.check(videoId, { tokenOk: false })).verdict, "needs-token");
  } finally {
    await services.close();
  }
});
