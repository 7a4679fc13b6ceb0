/** The media edge through app.request(): tokens, playlist rewriting, ranges, caching headers. */
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import { signPlaybackToken } from "../lib/media/tokens.ts";
import { openTestServices } from "./_harness/services.ts";
import { seedVideoWithMedia } from "./_harness/media_fixture.ts";

Deno.test("public media needs no token and is cacheable for everyone", async () => {
  const services = await openTestServices();
  try {
    const app = createApp(services);
    const { videoId, segment } = await seedVideoWithMedia(services, { visibility: "public" });
    const master = await app.request(`/media/${videoId}/master.m3u8`);
    assert.equal(master.status, 200);
    assert.equal(master.headers.get("content-type"), "application/vnd.apple.mpegurl");
    // Short: the edge lists the current captions in it (lib/captions/master.ts).
    assert.equal(master.headers.get("cache-control"), "public, max-age=60");
    assert.match(await master.text(), /^240p\/index.m3u8$/m);

    const seg = await app.request(`/media/${videoId}/240p/seg_00000.m4s`);
    assert.equal(seg.status, 200);
    assert.equal(seg.headers.get("content-type"), "video/iso.segment");
    assert.equal(seg.headers.get("cache-control"), "public, max-age=31536000, immutable");
    assert.deepEqual(new Uint8Array(await seg.arrayBuffer()), segment);
    const etag = seg.headers.get("etag")!;
    const cached = await app.request(`/media/${videoId}/240p/seg_00000.m4s`, {
      headers: { "If-None-Match": etag },
    });
    assert.equal(cached.status, 304);
    assert.equal(
      (await app.request(`/media/${videoId}/poster.jpg`)).headers.get("content-type"),
      "image/jpeg",
    );
  } finally {
    await services.close();
  }
});

Deno.test("media ranges: closed, open, suffix, and a start beyond the end", async () => {
  const services = await openTestServices();
  try {
    const app = createApp(services);
    const { videoId, segment } = await seedVideoWithMedia(services, { visibility: "public" });
    const url = `/media/${videoId}/240p/seg_00001.m4s`;
    const get = (range: string) => app.request(url, { headers: { Range: range } });
    const a = await get("bytes=0-99");
    assert.equal(a.status, 206);
    assert.equal(a.headers.get("content-range"), "bytes 0-99/4096");
    assert.deepEqual(new Uint8Array(await a.arrayBuffer()), segment.slice(0, 100));
    const b = await get("bytes=4000-");
    assert.equal(b.headers.get("content-length"), "96");
    assert.deepEqual(new Uint8Array(await b.arrayBuffer()), segment.slice(4000));
    const c = await get("bytes=-10");
    assert.equal(c.status, 206);
    assert.equal(c.headers.get("content-range"), "bytes 4086-4095/4096");
    assert.deepEqual(new Uint8Array(await c.arrayBuffer()), segment.slice(4086));
    const d = await get("bytes=4096-");
    assert.equal(d.status, 416);
    assert.equal(d.headers.get("content-range"), "bytes */4096");
  } finally {
    await services.close();
  }
});

Deno.test("private and unlisted media refuse missing, tampered, foreign and expired tokens on every level", async () => {
  const services = await openTestServices();
  try {
    const app = createApp(services);
    for (const visibility of ["private", "unlisted"] as const) {
      const { videoId, ownerId } = await seedVideoWithMedia(services, { visibility });
      const other = await seedVideoWithMedia(services, { visibility });
      const good = signPlaybackToken(services.secret, videoId, {
        expiresIn: 300,
        viewerId: ownerId,
        tokenVersion: 0,
      })
        .token;
      const [exp, viewer, sig] = good.split(".");
      const bad = {
        none: undefined,
        tampered: `${exp}.${viewer}.${sig.slice(0, -1)}${sig.endsWith("A") ? "B" : "A"}`,
        extended: `${Number(exp) + 3600}.${viewer}.${sig}`,
        foreign: signPlaybackToken(services.secret, other.videoId, { expiresIn: 300 }).token,
        expired: signPlaybackToken(services.secret, videoId, { expiresIn: -1 }).token,
      };
      for (
        const path of ["master.m3u8", "240p/index.m3u8", "240p/init.mp4", "240p/seg_00000.m4s"]
      ) {
        for (const [why, token] of Object.entries(bad)) {
          const r = await app.request(`/media/${videoId}/${path}${token ? `?token=${token}` : ""}`);
          assert.equal(r.status, 403, `${visibility} ${path} ${why}`);
          const body = await r.json();
          assert.equal(body.error.code, "forbidden");
          if (why === "expired") assert.match(body.error.message, /expired/);
        }
        const ok = await app.request(`/media/${videoId}/${path}?token=${good}`);
        assert.equal(ok.status, 200, `${visibility} ${path} valid`);
        assert.match(ok.headers.get("cache-control")!, /^private, /);
        await ok.body?.cancel();
      }
    }
  } finally {
    await services.close();
  }
});

Deno.test("private playlists are rewritten so that variants, init and segments carry the token", async () => {
  const services = await openTestServices();
  try {
    const app = createApp(services);
    const { videoId, ownerId } = await seedVideoWithMedia(services, { visibility: "private" });
    const { token } = signPlaybackToken(services.secret, videoId, {
      expiresIn: 300,
      viewerId: ownerId,
      tokenVersion: 0,
    });
    const master = await (await app.request(`/media/${videoId}/master.m3u8?token=${token}`)).text();
    assert.match(
      master,
      new RegExp(`^240p/index.m3u8\\?token=${token.replaceAll(".", "\\.")}$`, "m"),
    );
    const variant = await (await app.request(`/media/${videoId}/240p/index.m3u8?token=${token}`))
      .text();
    assert.match(variant, /URI="init.mp4\?token=/);
    assert.equal(variant.match(/^seg_0000[01]\.m4s\?token=.+$/gm)?.length, 2);
  } finally {
    await services.close();
  }
});

Deno.test("the media edge does not reveal which ids exist, and refuses odd paths", async () => {
  const services = await openTestServices();
  try {
    const app = createApp(services);
    const unknown = crypto.randomUUID();
    assert.equal((await app.request(`/media/${unknown}/master.m3u8`)).status, 403);
    const { token } = signPlaybackToken(services.secret, unknown, { expiresIn: 60 });
    assert.equal((await app.request(`/media/${unknown}/master.m3u8?token=${token}`)).status, 404);
    const { videoId } = await seedVideoWithMedia(services, { visibility: "public" });
    for (const path of ["../../raw/x.mp4", "240p/seg.exe", "240p//a.m4s", "missing.m4s"]) {
      assert.equal((await app.request(`/media/${videoId}/${path}`)).status, 404, path);
    }
    assert.equal((await app.request(`/media/not-a-uuid/master.m3u8`)).status, 404);
  } finally {
    await services.close();
  }
});

Deno.test("the media edge serves nothing of a failed or rejected video, public or not", async () => {
  const services = await openTestServices();
  try {
    const app = createApp(services);
    for (const status of ["failed", "rejected"]) {
      const { videoId } = await seedVideoWithMedia(services, { visibility: "public", status });
      const r = await app.request(`/media/${videoId}/240p/seg_00000.m4s`);
      assert.equal(r.status, 403, status);
      const { token } = signPlaybackToken(services.secret, videoId, { expiresIn: 60 });
      assert.equal(
        (await app.request(`/media/${videoId}/master.m3u8?token=${token}`)).status,
        404,
        status,
      );
    }
  } finally {
    await services.close();
  }
});
