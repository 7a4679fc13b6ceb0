/** The shipped nginx CDN example in front of the app: public media cached, private media still guarded. */
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import { signPlaybackToken } from "../lib/media/tokens.ts";
import { startNginx } from "./_harness/nginx.ts";
import { openTestServices } from "./_harness/services.ts";
import { seedVideoWithMedia } from "./_harness/media_fixture.ts";

Deno.test({
  name:
    "nginx caches public segments (second fetch a HIT) and never serves private ones without a token",
  sanitizeResources: false,
  async fn() {
    const services = await openTestServices();
    const server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen() {} },
      createApp(services).fetch,
    );
    const cdn = await startNginx(`127.0.0.1:${server.addr.port}`);
    try {
      const pub = await seedVideoWithMedia(services, { visibility: "public" });
      const seg = `${cdn.url}/media/${pub.videoId}/240p/seg_00000.m4s`;
      const fetchStatus = async (url: string, init?: RequestInit) => {
        const r = await fetch(url, init);
        const body = new Uint8Array(await r.arrayBuffer());
        return {
          status: r.status,
          cache: r.headers.get("x-cache-status"),
          body,
          headers: r.headers,
        };
      };
      const first = await fetchStatus(seg);
      assert.equal(first.status, 200);
      assert.equal(first.cache, "MISS");
      const second = await fetchStatus(seg);
      assert.equal(second.cache, "HIT");
      assert.deepEqual(second.body, pub.segment);
      // A token in the query is not part of the cache key.
      assert.equal((await fetchStatus(`${seg}?token=anything`)).cache, "HIT");
      const ranged = await fetchStatus(seg, { headers: { Range: "bytes=10-19" } });
      assert.equal(ranged.status, 206);
      assert.deepEqual(ranged.body, pub.segment.slice(10, 20));

      const priv = await seedVideoWithMedia(services, { visibility: "private" });
      const pseg = `${cdn.url}/media/${priv.videoId}/240p/seg_00000.m4s`;
      const { token } = signPlaybackToken(services.secret, priv.videoId, {
        expiresIn: 300,
        viewerId: priv.ownerId,
        tokenVersion: 0,
      });
      assert.equal((await fetchStatus(pseg)).status, 403);
      const allowed = await fetchStatus(`${pseg}?token=${token}`);
      assert.equal(allowed.status, 200);
      assert.deepEqual(allowed.body, priv.segment);
      const again = await fetchStatus(`${pseg}?token=${token}`);
      assert.notEqual(again.cache, "HIT");
      const without = await fetchStatus(pseg);
      assert.equal(without.status, 403);
      assert.notEqual(without.cache, "HIT");
      assert.equal((await fetchStatus(`${pseg}?token=${token.slice(0, -2)}xx`)).status, 403);
    } finally {
      await cdn.stop();
      await server.shutdown();
      await services.close();
    }
  },
});
