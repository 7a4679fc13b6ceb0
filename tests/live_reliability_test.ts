/**
 * Live streams survive what happens to live streams: the ingest restarting
 * mid-stream (the encoder's reconnect continues the same stream once the dead
 * ingest's lease has lapsed), and nothing stays live forever (the sweep ends
 * a stream nobody feeds, whatever became of its ingest).
 */
import assert from "node:assert/strict";
import { startIngest } from "../lib/live/ingest.ts";
import { createStream } from "../lib/live/streams.ts";
import { startWorker } from "../workers/mod.ts";
import { openTestServices } from "./_harness/services.ts";
import { eventually, pushRtmp } from "./_harness/live.ts";
import { signUp } from "./_harness/community.ts";
import { TestClient } from "./_harness/client.ts";
import { createApp } from "../app.ts";

Deno.test("after an ingest restart mid-stream the encoder's reconnect continues the same stream", async () => {
  const s = await openTestServices({ env: { RTMP_PORT: "0" } });
  const sql = s.db.sql;
  const deps = { sql, storage: s.storage, config: s.config.live, ffmpegPath: s.config.ffmpegPath };
  let ingest = await startIngest(deps);
  const encoders = [];
  try {
    const ownerId = await signUp(new TestClient(createApp(s)), sql, "creator");
    const { stream, key } = await createStream(sql, ownerId, { title: "Restart" });
    const state = async () =>
      (await sql<
        { state: string }[]
      >`select state from live_streams where video_id = ${stream.videoId}`)[0]
        .state;
    const first = pushRtmp(`rtmp://127.0.0.1:${ingest.port}/live/${key}`, { durationS: 30 });
    encoders.push(first);
    await eventually("on air", async () => await state() === "streaming");
    await ingest.close();
    assert.equal((await first.done).success, false, "the encoder lost its server");
    // As a crash leaves it: another publisher's lease still running for a moment.
    await sql`update live_streams set publisher_id = ${crypto.randomUUID()},
      lease_until = now() + interval '4 seconds' where video_id = ${stream.videoId}`;
    ingest = await startIngest(deps);
    const url = `rtmp://127.0.0.1:${ingest.port}/live/${key}`;
    const early = pushRtmp(url, { durationS: 10 });
    encoders.push(early);
    assert.equal((await early.done).success, false, "refused while the dead ingest's lease runs");
    await new Promise((r) => setTimeout(r, 4000));
    const again = pushRtmp(url, { durationS: 10 });
    encoders.push(again);
    await eventually("segments of the next run", async () => {
      const [r] = await sql<{ n: number }[]>`select count(*)::int as n from live_segments
        where video_id = ${stream.videoId} and run > 1 and rung = 'src'`;
      return r.n > 0;
    });
    const [video] = await sql<
      { status: string }[]
    >`select status from videos where id = ${stream.videoId}`;
    assert.equal(video.status, "live");
    assert.equal(await state(), "streaming");
  } finally {
    for (const e of encoders) await e.stop();
    await ingest.close();
    await s.close();
  }
});

Deno.test("the sweep ends a stream that nothing has fed for the idle timeout", async () => {
  const s = await openTestServices();
  const sql = s.db.sql;
  const worker = await startWorker(s);
  try {
    const ownerId = await signUp(new TestClient(createApp(s)), sql, "creator");
    const { stream } = await createStream(sql, ownerId, { title: "Abandoned" });
    const fresh = await createStream(sql, ownerId, { title: "Fed" });
    // One went on air and its ingest died a minute ago; the other is fed right now.
    await sql`update videos set status = 'live' where id in (${stream.videoId}, ${fresh.stream.videoId})`;
    await sql`update live_streams set state = 'streaming', last_data_at = now() - interval '1 minute'
      where video_id = ${stream.videoId}`;
    await sql`update live_streams set state = 'streaming', last_data_at = now(),
      lease_until = now() + interval '1 minute', publisher_id = ${crypto.randomUUID()}
      where video_id = ${fresh.stream.videoId}`;
    const ended = await eventually("the abandoned stream ended", async () => {
      const [r] = await sql<{ state: string; reason: string | null; status: string }[]>`
        select s.state, s.end_reason as reason, v.status from live_streams s
        join videos v on v.id = s.video_id where s.video_id = ${stream.videoId}`;
      return r.state === "ended" ? r : undefined;
    }, 60_000);
    assert.match(ended.reason!, /No data/);
    assert.notEqual(ended.status, "live");
    const [other] = await sql<{ state: string }[]>`
      select state from live_streams where video_id = ${fresh.stream.videoId}`;
    assert.equal(other.state, "streaming");
  } finally {
    await worker.stop();
    await s.close();
  }
});

Deno.test("a publisher over the bitrate limit is cut off and its stream waits for a reconnect", async () => {
  const s = await openTestServices({ env: { RTMP_PORT: "0", LIVE_MAX_BITRATE_KBPS: "100" } });
  const sql = s.db.sql;
  const ingest = await startIngest({
    sql,
    storage: s.storage,
    config: s.config.live,
    ffmpegPath: s.config.ffmpegPath,
  });
  // The encoder sends ~364 kbit/s (300k video + 64k audio): over 100 × 1.5.
  try {
    const ownerId = await signUp(new TestClient(createApp(s)), sql, "creator");
    const { stream, key } = await createStream(sql, ownerId, { title: "Too fast" });
    const e = pushRtmp(`rtmp://127.0.0.1:${ingest.port}/live/${key}`, { durationS: 40 });
    try {
      const started = Date.now();
      assert.equal((await e.done).success, false, "cut off");
      assert.ok(Date.now() - started < 35_000, "before the encoder finished by itself");
      await eventually("waiting for a reconnect", async () => {
        const [r] = await sql<{ state: string }[]>`
          select state from live_streams where video_id = ${stream.videoId}`;
        return r.state === "reconnecting";
      });
    } finally {
      await e.stop();
    }
  } finally {
    await ingest.close();
    await s.close();
  }
});
