/** The playback API and the watch page, by visibility and by who asks. */
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import { GOOD_PASSWORD, TestClient, testEmail } from "./_harness/client.ts";
import { STATE, transition } from "../lib/videos/lifecycle.ts";
import { seedVideoWithMedia } from "./_harness/media_fixture.ts";
import { openTestServices } from "./_harness/services.ts";
import { signUpAndIn } from "./_harness/accounts.ts";

async function signUp(app: ReturnType<typeof createApp>, name: string) {
  const client = new TestClient(app);
  const r = await signUpAndIn(client, {
    json: { email: testEmail(name), password: GOOD_PASSWORD, displayName: name },
  });
  assert.equal(r.status, 200, await r.clone().text());
  const { user } = await r.json();
  return { client, id: user.id as string };
}

Deno.test("playback API: the visibility matrix for anonymous, other users, the owner and admins", async () => {
  const services = await openTestServices();
  try {
    const app = createApp(services);
    const owner = await signUp(app, "owner");
    const other = await signUp(app, "other");
    const admin = await signUp(app, "admin");
    await services.db.sql`update users set role = 'admin' where id = ${admin.id}`;
    const anon = new TestClient(app);
    const ids: Record<string, string> = {};
    for (const visibility of ["public", "unlisted", "private"] as const) {
      const { videoId } = await seedVideoWithMedia(services, { visibility });
      await services.db.sql`update videos set owner_id = ${owner.id} where id = ${videoId}`;
      ids[visibility] = videoId;
    }
    const expect: Record<string, Record<string, number>> = {
      public: { anon: 200, other: 200, owner: 200, admin: 200 },
      unlisted: { anon: 200, other: 200, owner: 200, admin: 200 },
      private: { anon: 404, other: 404, owner: 200, admin: 200 },
    };
    const clients = { anon, other: other.client, owner: owner.client, admin: admin.client };
    for (const [visibility, row] of Object.entries(expect)) {
      for (const [who, status] of Object.entries(row)) {
        const r = await clients[who as keyof typeof clients].request(
          `/api/v1/videos/${ids[visibility]}/playback`,
        );
        assert.equal(r.status, status, `${visibility} as ${who}`);
        const body = await r.json();
        if (status !== 200) {
          assert.equal(body.error.code, "not_found");
          continue;
        }
        if (visibility === "public") {
          assert.equal(body.masterUrl, `/media/${ids.public}/master.m3u8`);
          assert.equal(body.expiresAt, null);
        } else {
          assert.match(
            body.masterUrl,
            new RegExp(
              `^/media/${ids[visibility]}/master.m3u8\\?token=\\d+\\.[\\w-]*\\.[\\w-]{43}$`,
            ),
          );
          assert.ok(Date.parse(body.expiresAt) > Date.now());
          // The token opens the media edge.
          const m = await app.request(body.masterUrl);
          assert.equal(m.status, 200);
          assert.match(await m.text(), /240p\/index.m3u8\?token=/);
        }
        assert.match(body.posterUrl, /\/poster.jpg/);
        assert.match(body.viewToken, /^\d+\.[\w-]{43}$/);
      }
    }
    const unknown = await anon.request(`/api/v1/videos/${crypto.randomUUID()}/playback`);
    assert.equal(unknown.status, 404);
    assert.equal((await anon.request(`/api/v1/videos/not-a-uuid/playback`)).status, 400);
  } finally {
    await services.close();
  }
});

Deno.test("playback API: a video that is still processing is not playable; its events stream is the owner's", async () => {
  const services = await openTestServices();
  try {
    const app = createApp(services);
    const owner = await signUp(app, "owner");
    const other = await signUp(app, "other");
    const { videoId } = await seedVideoWithMedia(services, {
      visibility: "public",
      status: "processing",
    });
    await services.db
      .sql`update videos set owner_id = ${owner.id}, playable_at = null where id = ${videoId}`;
    const r = await owner.client.request(`/api/v1/videos/${videoId}/playback`);
    assert.equal(r.status, 404);
    assert.match((await r.json()).error.message, /cannot be played yet/);
    assert.equal((await other.client.request(`/api/v1/videos/${videoId}/events`)).status, 403);
    assert.equal(
      (await new TestClient(app).request(`/api/v1/videos/${videoId}/events`)).status,
      403,
    );
    await services.db
      .sql`update videos set status = 'failed', status_reason = 'Not a video.' where id = ${videoId}`;
    const events = await owner.client.request(`/api/v1/videos/${videoId}/events`);
    assert.equal(events.status, 200);
    assert.match(events.headers.get("content-type")!, /text\/event-stream/);
    const text = await events.text();
    assert.match(
      text,
      /event: status\ndata: \{"status":"failed","progress":0,"error":"Not a video.","playable":false,"stage":null,"rungs":\[\],"etaS":null\}/,
    );
  } finally {
    await services.close();
  }
});

Deno.test("views: a bare POST without a player's token counts nothing; a token too fresh is refused", async () => {
  const services = await openTestServices();
  try {
    const app = createApp(services);
    const viewer = await signUp(app, "viewer");
    const { videoId } = await seedVideoWithMedia(services, { visibility: "public" });
    const bare = await viewer.client.request(`/api/v1/videos/${videoId}/views`, { json: {} });
    assert.equal(bare.status, 400);
    const forged = await viewer.client.request(`/api/v1/videos/${videoId}/views`, {
      json: { token: "1.x" },
    });
    assert.deepEqual(await forged.json(), { counted: false, result: "invalid" });
    const { viewToken } = await (await viewer.client.request(`/api/v1/videos/${videoId}/playback`))
      .json();
    const early = await viewer.client.request(`/api/v1/videos/${videoId}/views`, {
      json: { token: viewToken },
    });
    assert.deepEqual(await early.json(), { counted: false, result: "too-early" });
    const [{ n }] = await services.db.sql<
      { n: number }[]
    >`select view_count as n from videos where id = ${videoId}`;
    assert.equal(n, 0);
  } finally {
    await services.close();
  }
});

Deno.test("watch page: server-rendered with Open Graph tags; private videos are a 404 page to others", async () => {
  const services = await openTestServices({ publicUrl: "https://videos.example" });
  try {
    const app = createApp(services);
    const { videoId } = await seedVideoWithMedia(services, { visibility: "public" });
    await services.db.sql`update videos set title = ${"Sunset <b>timelapse</b>"},
      description = 'Over the harbour.', duration_s = 65 where id = ${videoId}`;
    const r = await app.request(`/v/${videoId}`);
    assert.equal(r.status, 200);
    const html = await r.text();
    assert.match(html, /<title>Sunset &lt;b>timelapse&lt;\/b> · VideoFlow<\/title>/);
    assert.match(html, /<meta property="og:title" content="Sunset &lt;b>timelapse&lt;\/b>"/);
    assert.match(
      html,
      new RegExp(
        `<meta property="og:image" content="https://videos.example/media/${videoId}/poster.jpg"`,
      ),
    );
    // An embeddable video is a player card pointing at /embed (tests/embed_test.ts has the rest).
    assert.match(html, /<meta name="twitter:card" content="player"/);
    assert.match(html, /Over the harbour\./);
    assert.match(html, /1:05/);

    const priv = await seedVideoWithMedia(services, { visibility: "private" });
    const hidden = await app.request(`/v/${priv.videoId}`);
    assert.equal(hidden.status, 404);
    assert.match(await hidden.text(), /could not find that video/);
    assert.equal((await app.request(`/v/nonsense`)).status, 404);
  } finally {
    await services.close();
  }
});

Deno.test("a public video in review plays only for its owner, through a token, never by a stable URL; others get 404", async () => {
  const services = await openTestServices();
  try {
    const app = createApp(services);
    const owner = await signUp(app, "owner");
    const { videoId } = await seedVideoWithMedia(services, { visibility: "public" });
    await services.db.sql`update videos set owner_id = ${owner.id} where id = ${videoId}`;
    await transition(services.db.sql, videoId, { to: STATE.in_review });
    const mine = await (await owner.client.request(`/api/v1/videos/${videoId}/playback`)).json();
    assert.match(mine.masterUrl, /\?token=/);
    assert.equal((await owner.client.request(mine.masterUrl)).status, 200);
    const anon = new TestClient(app);
    assert.equal((await anon.request(`/media/${videoId}/master.m3u8`)).status, 403);
    // Held for review: others do not even learn that it exists (findVisibleVideo()).
    assert.equal((await anon.request(`/api/v1/videos/${videoId}/playback`)).status, 404);
  } finally {
    await services.close();
  }
});
