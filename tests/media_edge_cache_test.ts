/**
 * The media edge's memory (lib/videos/media_cache.ts, media_access.ts): what a
 * request remembered never outlives a change this instance makes (made
 * private, failed, deleted), and 304s, ranges and replaced objects are
 * answered right from remembered metadata.
 */
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import { signPlaybackToken } from "../lib/media/tokens.ts";
import { STATE, transition } from "../lib/videos/lifecycle.ts";
import { signUpMember } from "./_harness/community.ts";
import { seedVideoWithMedia } from "./_harness/media_fixture.ts";
import { openTestServices } from "./_harness/services.ts";

const FILES = ["master.m3u8", "240p/index.m3u8", "240p/init.mp4", "240p/seg_00000.m4s"];

async function setup() {
  const services = await openTestServices();
  const app = createApp(services);
  const owner = await signUpMember(app, "Owner");
  const { videoId, segment } = await seedVideoWithMedia(services, { visibility: "public" });
  await services.db.sql`update videos set owner_id = ${owner.id} where id = ${videoId}`;
  const statuses = async (query = "") => {
    const out: number[] = [];
    for (const f of FILES) {
      const r = await app.request(`/media/${videoId}/${f}${query}`);
      await r.body?.cancel();
      out.push(r.status);
    }
    return out;
  };
  return { services, app, owner, videoId, segment, statuses };
}

Deno.test("a public video made private through the API stops being served at once, from memory too", async () => {
  const { services, owner, videoId, statuses } = await setup();
  try {
    // Twice: the second round is answered from memory.
    assert.deepEqual(await statuses(), [200, 200, 200, 200]);
    assert.deepEqual(await statuses(), [200, 200, 200, 200]);
    const r = await owner.client.request(`/api/v1/videos/${videoId}`, {
      method: "PATCH",
      body: JSON.stringify({ visibility: "private" }),
      headers: { "content-type": "application/json" },
    });
    assert.equal(r.status, 200, await r.clone().text());
    assert.deepEqual(await statuses(), [403, 403, 403, 403]);
  } finally {
    await services.close();
  }
});

Deno.test("a video that fails is refused at once, though its playlists were in memory", async () => {
  const { services, videoId, statuses } = await setup();
  try {
    assert.deepEqual(await statuses(), [200, 200, 200, 200]);
    await transition(services.db.sql, videoId, { to: STATE.failed });
    assert.deepEqual(await statuses(), [403, 403, 403, 403]);
  } finally {
    await services.close();
  }
});

Deno.test("a deleted video's files are gone at once: 403 without a token, 404 with one", async () => {
  const { services, owner, videoId, statuses } = await setup();
  try {
    assert.deepEqual(await statuses(), [200, 200, 200, 200]);
    const r = await owner.client.request(`/api/v1/videos/${videoId}`, { method: "DELETE" });
    assert.equal(r.status, 204, await r.clone().text());
    assert.deepEqual(await statuses(), [403, 403, 403, 403]);
    const { token } = signPlaybackToken(services.secret, videoId, { expiresIn: 60 });
    assert.deepEqual(await statuses(`?token=${token}`), [404, 404, 404, 404]);
  } finally {
    await services.close();
  }
});

Deno.test("remembered metadata answers 304 (ETag, Last-Modified), HEAD and ranges exactly", async () => {
  const { services, app, videoId, segment } = await setup();
  try {
    const url = `/media/${videoId}/240p/seg_00000.m4s`;
    const first = await app.request(url);
    assert.deepEqual(new Uint8Array(await first.arrayBuffer()), segment);
    const etag = first.headers.get("etag")!;
    const modified = first.headers.get("last-modified")!;
    const byEtag = await app.request(url, { headers: { "If-None-Match": etag } });
    assert.equal(byEtag.status, 304);
    assert.equal(byEtag.headers.get("etag"), etag);
    assert.equal(byEtag.headers.get("cache-control"), "public, max-age=31536000, immutable");
    assert.equal(
      (await app.request(url, { headers: { "If-None-Match": '"other"' } })).status,
      200,
    );
    assert.equal(
      (await app.request(url, { headers: { "If-Modified-Since": modified } })).status,
      304,
    );
    const earlier = new Date(Date.parse(modified) - 60_000).toUTCString();
    const changed = await app.request(url, { headers: { "If-Modified-Since": earlier } });
    assert.equal(changed.status, 200);
    assert.equal((await changed.arrayBuffer()).byteLength, segment.byteLength);
    const head = await app.request(url, { method: "HEAD" });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get("content-length"), String(segment.byteLength));
    const middle = await app.request(url, { headers: { Range: "bytes=1000-1999" } });
    assert.equal(middle.status, 206);
    assert.equal(middle.headers.get("content-range"), "bytes 1000-1999/4096");
    assert.equal(middle.headers.get("content-length"), "1000");
    assert.deepEqual(new Uint8Array(await middle.arrayBuffer()), segment.slice(1000, 2000));
    const tail = await app.request(url, { headers: { Range: "bytes=-96" } });
    assert.deepEqual(new Uint8Array(await tail.arrayBuffer()), segment.slice(4000));
  } finally {
    await services.close();
  }
});

Deno.test("an object replaced after its metadata was remembered is served whole with its new facts", async () => {
  const { services, app, videoId } = await setup();
  try {
    const url = `/media/${videoId}/240p/seg_00000.m4s`;
    const before = await app.request(url);
    await before.body?.cancel();
    // A re-run writes a new segment under the same name (a rename, as every write).
    const replaced = Uint8Array.from({ length: 6000 }, (_, i) => (i * 7) % 256);
    await services.storage.put(`media/${videoId}/240p/seg_00000.m4s`, replaced);
    const after = await app.request(url);
    assert.equal(after.status, 200);
    assert.equal(after.headers.get("content-length"), "6000");
    assert.notEqual(after.headers.get("etag"), before.headers.get("etag"));
    assert.deepEqual(new Uint8Array(await after.arrayBuffer()), replaced);
    const ranged = await app.request(url, { headers: { Range: "bytes=5000-" } });
    assert.equal(ranged.headers.get("content-range"), "bytes 5000-5999/6000");
    assert.deepEqual(new Uint8Array(await ranged.arrayBuffer()), replaced.slice(5000));
  } finally {
    await services.close();
  }
});
