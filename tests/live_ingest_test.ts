/**
 * Live streaming end to end with a real encoder: ffmpeg pushes RTMP to the
 * ingest (lib/live/ingest.ts) as OBS would; the packaging, the media edge,
 * the API and the recording's transcode run for real.
 */
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import { startIngest } from "../lib/live/ingest.ts";
import { startWorker } from "../workers/mod.ts";
import { openTestServices } from "./_harness/services.ts";
import { tokenAccount } from "./_harness/client.ts";
import { eventually, pushRtmp } from "./_harness/live.ts";

async function liveApp() {
  const s = await openTestServices({ env: { RTMP_PORT: "0" } });
  const app = createApp(s);
  const ingest = await startIngest({
    sql: s.db.sql,
    storage: s.storage,
    config: s.config.live,
    ffmpegPath: s.config.ffmpegPath,
  });
  const creator = await tokenAccount(app, { name: "Streamer" });
  await s.db.sql`update users set role = 'creator' where id = ${creator.id}`;
  const url = (key: string) => `rtmp://127.0.0.1:${ingest.port}/live/${key}`;
  const create = async (body: Record<string, unknown> = {}) => {
    const r = await creator.call("/api/v1/streams/start", { json: { title: "Live!", ...body } });
    assert.equal(r.status, 201, await r.clone().text());
    return await r.json() as { stream: { id: string; rtmpUrl: string }; key: string };
  };
  const state = async (id: string) =>
    (await s.db.sql<{ state: string }[]>`select state from live_streams where video_id = ${id}`)[0]
      ?.state;
  return {
    s,
    app,
    ingest,
    creator,
    url,
    create,
    state,
    async close() {
      await ingest.close();
      await s.close();
    },
  };
}

Deno.test("a wrong, malformed or rotated key is refused at connect; the right key goes live", async () => {
  const t = await liveApp();
  const encoders = [];
  try {
    const { stream, key } = await t.create();
    for (const bad of ["nope", `live_${"A".repeat(43)}`]) {
      const e = pushRtmp(t.url(bad), { durationS: 10 });
      encoders.push(e);
      assert.equal((await e.done).success, false, `${bad} must be refused`);
    }
    const rotated = await t.creator.call(`/api/v1/streams/${stream.id}/key`, { method: "POST" });
    assert.equal(rotated.status, 200);
    const { key: fresh } = await rotated.json();
    assert.notEqual(fresh, key);
    const old = pushRtmp(t.url(key), { durationS: 10 });
    encoders.push(old);
    assert.equal((await old.done).success, false, "the rotated-away key must be refused");
    assert.equal(await t.state(stream.id), "idle");

    const good = pushRtmp(t.url(fresh), { durationS: 12 });
    encoders.push(good);
    await eventually("the stream on air", async () => await t.state(stream.id) === "streaming");
    const manifest = await t.app.request(`/api/v1/streams/${stream.id}/manifest`);
    assert.equal(manifest.status, 200);
    const { masterUrl } = await manifest.json();
    const master = await t.app.request(masterUrl);
    assert.equal(master.status, 200);
    const text = await master.text();
    assert.match(text, /src\/index\.m3u8/);
    const window = await eventually("the source rung's window", async () => {
      const r = await t.app.request(masterUrl.replace("master.m3u8", "src/index.m3u8"));
      return r.status === 200 ? r : void await r.body?.cancel();
    });
    const cache = window.headers.get("cache-control") ?? "";
    assert.match(cache, /max-age=[0-2]\b/);
    assert.match(await window.text(), /#EXT-X-PROGRAM-DATE-TIME:/);
  } finally {
    for (const e of encoders) await e.stop();
    await t.close();
  }
});

Deno.test("a second publisher on a live key is refused and the first keeps streaming", async () => {
  const t = await liveApp();
  const encoders = [];
  try {
    const { stream, key } = await t.create();
    const first = pushRtmp(t.url(key), { durationS: 20 });
    encoders.push(first);
    await eventually(
      "the first publisher on air",
      async () => await t.state(stream.id) === "streaming",
    );
    const second = pushRtmp(t.url(key), { durationS: 10 });
    encoders.push(second);
    assert.equal((await second.done).success, false);
    const before = await t.s.db.sql<{ n: number }[]>`
      select count(*)::int as n from live_segments where video_id = ${stream.id}`;
    await eventually("more segments from the first publisher", async () => {
      const [now] = await t.s.db.sql<{ n: number }[]>`
        select count(*)::int as n from live_segments where video_id = ${stream.id}`;
      return now.n > before[0].n;
    });
  } finally {
    for (const e of encoders) await e.stop();
    await t.close();
  }
});

Deno.test("an encoder reconnecting within the window continues the same stream after a discontinuity", async () => {
  const t = await liveApp();
  const encoders = [];
  try {
    const { stream, key } = await t.create();
    const first = pushRtmp(t.url(key), { durationS: 6 });
    encoders.push(first);
    await eventually("on air", async () => await t.state(stream.id) === "streaming");
    await first.done;
    await eventually(
      "waiting for the encoder",
      async () => await t.state(stream.id) === "reconnecting",
    );
    const again = pushRtmp(t.url(key), { durationS: 6 });
    encoders.push(again);
    await eventually("segments of the second run", async () => {
      const [r] = await t.s.db.sql<{ n: number }[]>`
        select count(*)::int as n from live_segments
        where video_id = ${stream.id} and run = 2 and rung = 'src'`;
      return r.n > 0;
    });
    assert.equal(await t.state(stream.id), "streaming");
    const [video] = await t.s.db.sql<{ status: string }[]>`
      select status from videos where id = ${stream.id}`;
    assert.equal(video.status, "live");
    const manifest = await (await t.app.request(`/api/v1/streams/${stream.id}/manifest`)).json();
    const window = await (await t.app.request(
      manifest.masterUrl.replace("master.m3u8", "src/index.m3u8"),
    )).text();
    assert.match(window, /#EXT-X-DISCONTINUITY\n/);
    const [{ n }] = await t.s.db.sql<{ n: number }[]>`
      select count(*)::int as n from live_streams where owner_id = ${t.creator.id}`;
    assert.equal(n, 1, "still one stream");
  } finally {
    for (const e of encoders) await e.stop();
    await t.close();
  }
});

Deno.test("stopping a stream turns its recording into a ready video through the transcode", async () => {
  const t = await liveApp();
  const worker = await startWorker(t.s);
  const encoders = [];
  try {
    const { stream, key } = await t.create();
    const e = pushRtmp(t.url(key), { durationS: 20 });
    encoders.push(e);
    await eventually("a few segments", async () => {
      const [r] = await t.s.db.sql<{ n: number }[]>`
        select count(*)::int as n from live_segments where video_id = ${stream.id} and rung = 'src'`;
      return r.n >= 3;
    });
    // On air, its chat is open: the creator posts, the watch page shows it beside the player.
    const chat = `/api/v1/videos/${stream.id}/chat`;
    const open = await t.creator.call(chat);
    assert.equal(open.status, 200, "the chat opened with the stream");
    assert.equal((await open.json()).room.open, true);
    const posted = await t.creator.call(`${chat}/messages`, { json: { body: "We are live" } });
    assert.equal(posted.status, 201, await posted.clone().text());
    const watch = await (await t.creator.call(`/v/${stream.id}`)).text();
    assert.match(watch, /class="watch-chat"/);
    assert.match(watch, /We are live/);
    const stopped = await t.creator.call(`/api/v1/streams/${stream.id}/stop`, { method: "POST" });
    assert.equal(stopped.status, 200);
    assert.equal((await stopped.json()).stream.state, "ended");
    assert.equal((await e.done).success, false, "the encoder is cut off");
    const ready = await eventually("the recording processed", async () => {
      const [v] = await t.s.db.sql<
        { status: string; masterKey: string | null; posterKey: string | null }[]
      >`select status, master_key as "masterKey", poster_key as "posterKey"
        from videos where id = ${stream.id}`;
      return v.status === "ready" ? v : undefined;
    }, 120_000);
    assert.doesNotMatch(ready.masterKey!, /\/live\//);
    assert.ok(ready.posterKey);
    // Ended, the chat takes no more messages and stays beside the recording as its replay.
    const closed = await (await t.creator.call(chat)).json();
    assert.equal(closed.room.open, false, "the chat closed with the stream");
    assert.equal(
      (await t.creator.call(`${chat}/messages`, { json: { body: "late" } })).status,
      409,
    );
    const replay = await (await t.creator.call(`${chat}/replay`)).json();
    assert.deepEqual(replay.messages.map((m: { body: string }) => m.body), ["We are live"]);
    const again = pushRtmp(t.url(key), { durationS: 5 });
    encoders.push(again);
    assert.equal((await again.done).success, false, "an ended stream takes no publisher");
  } finally {
    for (const e of encoders) await e.stop();
    await worker.stop();
    await t.close();
  }
});
