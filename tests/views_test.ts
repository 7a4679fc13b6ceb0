import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import {
  issueViewToken,
  MAX_VIEWS_PER_NETWORK,
  MIN_WATCH_SECONDS,
  recordView,
} from "../lib/videos/views.ts";
import { GOOD_PASSWORD, testEmail } from "./_harness/client.ts";
import { seedVideoWithMedia } from "./_harness/media_fixture.ts";
import { openTestServices } from "./_harness/services.ts";
import { signUpAndIn } from "./_harness/accounts.ts";

Deno.test("recordView() counts one view per viewer after a few seconds of playback", async () => {
  const services = await openTestServices();
  try {
    const { videoId } = await seedVideoWithMedia(services, { visibility: "public" });
    const deps = { sql: services.db.sql, kv: services.kv, secret: services.secret };
    const t0 = 1_800_000_000;
    const token = issueViewToken(services.secret, { videoId, viewerKey: "u1", now: t0 });
    assert.equal(
      await recordView(deps, { videoId, viewerKey: "u1", network: "n", token, now: t0 + 1 }),
      "too-early",
    );
    assert.equal(
      await recordView(deps, { videoId, viewerKey: "u1", network: "n", token, now: t0 + 6 }),
      "counted",
    );
    assert.equal(
      await recordView(deps, { videoId, viewerKey: "u1", network: "n", token, now: t0 + 60 }),
      "duplicate",
    );
    const other = issueViewToken(services.secret, { videoId, viewerKey: "u2", now: t0 });
    assert.equal(
      await recordView(deps, {
        videoId,
        viewerKey: "u2",
        network: "n",
        token: other,
        now: t0 + 10,
      }),
      "counted",
    );
    // A token is bound to its viewer and video, and forged ones count nothing.
    assert.equal(
      await recordView(deps, {
        videoId,
        viewerKey: "u3",
        network: "n",
        token: other,
        now: t0 + 10,
      }),
      "invalid",
    );
    assert.equal(
      await recordView(deps, {
        videoId,
        viewerKey: "u3",
        network: "n",
        token: "123.abc",
        now: t0 + 10,
      }),
      "invalid",
    );
    const [{ n }] = await services.db.sql<
      { n: number }[]
    >`select view_count as n from videos where id = ${videoId}`;
    assert.equal(n, 2);
  } finally {
    await services.close();
  }
});

Deno.test("views: rotating the User-Agent or the address within a /64 mints no new viewers; accounts are capped per network", async () => {
  const services = await openTestServices();
  services.config.trustProxy = true;
  try {
    const { videoId } = await seedVideoWithMedia(services, { visibility: "public" });
    const app = createApp(services, {
      rateLimits: { auth: 10_000, apiUser: 10_000, apiIp: 100_000 },
    });
    type Viewer = { headers: Record<string, string>; token?: string };
    const anonymous: Viewer[] = Array.from({ length: 20 }, (_, i) => ({
      headers: {
        "x-forwarded-for": i % 2 ? "203.0.113.9" : "::ffff:203.0.113.9",
        "user-agent": `Browser/${i}`,
      },
    }));
    const v6: Viewer[] = Array.from({ length: 5 }, (_, i) => ({
      headers: { "x-forwarded-for": `2001:db8:5:6::${i + 1}`, "user-agent": "Same" },
    }));
    const accounts: Viewer[] = [];
    for (let i = 0; i < MAX_VIEWS_PER_NETWORK + 2; i++) {
      const r = await signUpAndIn(app, {
        method: "POST",
        headers: { "x-forwarded-for": "198.51.100.20", "content-type": "application/json" },
        body: JSON.stringify({
          email: testEmail("viewer"),
          password: GOOD_PASSWORD,
          displayName: "Viewer",
          session: "token",
        }),
      });
      const { accessToken } = await r.json();
      accounts.push({
        headers: { "x-forwarded-for": "198.51.100.20", authorization: `Bearer ${accessToken}` },
      });
    }
    const everyone = [...anonymous, ...v6, ...accounts];
    for (const viewer of everyone) {
      const r = await app.request(`/api/v1/videos/${videoId}/playback`, {
        headers: viewer.headers,
      });
      assert.equal(r.status, 200);
      viewer.token = (await r.json()).viewToken;
    }
    // A view counts only after a few seconds of playback.
    await new Promise((ok) => setTimeout(ok, (MIN_WATCH_SECONDS + 1) * 1000));
    const results = async (viewers: Viewer[]) => {
      const out: Record<string, number> = {};
      for (const viewer of viewers) {
        const r = await app.request(`/api/v1/videos/${videoId}/views`, {
          method: "POST",
          headers: { ...viewer.headers, "content-type": "application/json" },
          body: JSON.stringify({ token: viewer.token }),
        });
        const { result } = await r.json();
        out[result] = (out[result] ?? 0) + 1;
      }
      return out;
    };
    assert.deepEqual(await results(anonymous), { counted: 1, duplicate: 19 });
    assert.deepEqual(await results(v6), { counted: 1, duplicate: 4 });
    assert.deepEqual(await results(accounts), { counted: MAX_VIEWS_PER_NETWORK, limited: 2 });
    const [{ n }] = await services.db.sql<{ n: number }[]>`
      select view_count::int as n from videos where id = ${videoId}`;
    assert.equal(n, 2 + MAX_VIEWS_PER_NETWORK);
  } finally {
    await services.close();
  }
});
