/**
 * POST /api/v1/events and the rollups: validation, impossible events dropped,
 * replays and out-of-order batches counted once, per-session limits, the
 * rollup's numbers and its idempotence, partitions created and dropped.
 */
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import { rollupDay, rollupPending } from "../lib/analytics/rollup.ts";
import {
  addDays,
  dropPartitionsBefore,
  ensurePartitions,
  partitionDays,
  utcDay,
} from "../lib/analytics/partitions.ts";
import { analyticsJobs } from "../workers/analytics.ts";
import type { PlayerEvent } from "../lib/shared/analytics_events.ts";
import { TestClient } from "./_harness/client.ts";
import { addPlayableVideo, signUp } from "./_harness/community.ts";
import { openTestServices } from "./_harness/services.ts";

async function setup() {
  const services = await openTestServices();
  const app = createApp(services);
  const owner = new TestClient(app);
  const ownerId = await signUp(owner, services.db.sql, "creator");
  const videoId = await addPlayableVideo(services.db.sql, ownerId, { durationS: 100 });
  return { services, app, ownerId, videoId, sql: services.db.sql };
}

function batch(
  videoId: string,
  events: Partial<PlayerEvent>[],
  sessionId: string = crypto.randomUUID(),
) {
  const now = Date.now();
  return {
    sessionId,
    videoId,
    page: "watch",
    referrer: "https://news.example.org/story",
    tz: "Europe/Paris",
    optOut: false,
    events: events.map((e, i) => ({ seq: i, at: now, kind: "play", ...e })),
  };
}

/** A viewer who plays 0–40 s, seeks to 60 and plays to the end: 80 s watched. */
function watched(videoId: string, sessionId?: string) {
  return batch(videoId, [
    { kind: "startup", value: 450 },
    { kind: "play", pos: 0 },
    { kind: "progress", from: 0, to: 20 },
    { kind: "progress", from: 20, to: 40 },
    { kind: "seek", from: 40, to: 60 },
    { kind: "rebuffer_start", pos: 60 },
    { kind: "rebuffer_end", value: 1500 },
    { kind: "progress", from: 60, to: 100 },
    { kind: "complete", pos: 100 },
  ], sessionId);
}

async function post(client: TestClient, body: unknown) {
  return await client.request("/api/v1/events", { json: body });
}

Deno.test("events: a replayed batch (ten times) and out-of-order batches do not move the numbers", async () => {
  const { services, app, videoId, sql } = await setup();
  try {
    const viewer = new TestClient(app);
    const one = watched(videoId);
    for (let i = 0; i < 10; i++) {
      const r = await post(viewer, one);
      assert.equal(r.status, 202);
      const body = await r.json();
      assert.deepEqual(
        body,
        i === 0
          ? { accepted: 9, duplicates: 0, dropped: 0 }
          : { accepted: 0, duplicates: 9, dropped: 0 },
      );
    }
    await rollupDay(sql, utcDay(Date.now()));
    const read = async () =>
      (await sql`select views, viewers, watch_s, completes, rebuffers, rebuffer_s,
        startup_p50_ms, retention from analytics_video_daily where video_id = ${videoId}`)[0];
    const first = await read();
    assert.equal(first.views, 1);
    assert.equal(first.viewers, 1);
    assert.equal(first.watch_s, 80);
    assert.equal(first.completes, 1);
    assert.equal(first.rebuffers, 1);
    assert.equal(first.rebuffer_s, 1.5);
    assert.equal(first.startup_p50_ms, 450);
    // The curve follows the seek: 0–40 % and 60–100 % watched, the middle skipped.
    assert.deepEqual(first.retention, [
      ...Array(40).fill(1),
      ...Array(20).fill(0),
      ...Array(40).fill(1),
    ]);
    // A second session arrives in two batches, the later one first.
    const second = watched(videoId);
    const late = { ...second, events: second.events.slice(5) };
    const early = { ...second, events: second.events.slice(0, 5) };
    assert.equal((await (await post(viewer, late)).json()).accepted, 4);
    assert.equal((await (await post(viewer, early)).json()).accepted, 5);
    assert.equal((await (await post(viewer, second)).json()).duplicates, 9);
    await rollupDay(sql, utcDay(Date.now()));
    const after = await read();
    assert.equal(after.views, 2);
    // The same browser and network on the same day: one viewer.
    assert.equal(after.viewers, 1);
    assert.equal(after.watch_s, 160);
    // Rolling up again changes nothing (idempotent), nor does the incremental run.
    await rollupDay(sql, utcDay(Date.now()));
    await rollupPending(sql);
    await rollupPending(sql);
    assert.deepEqual(await read(), after);
    const [platform] = await sql`select views, events, watch_s from analytics_platform_daily
      where day = ${utcDay(Date.now())}`;
    assert.deepEqual({ ...platform }, { views: 2, events: 18, watch_s: 160 });
  } finally {
    await services.close();
  }
});

Deno.test("events: impossible events are dropped, malformed batches refused", async () => {
  const { services, app, videoId } = await setup();
  try {
    const viewer = new TestClient(app);
    const now = Date.now();
    const r = await post(
      viewer,
      batch(videoId, [
        { kind: "progress", from: 0, to: 10 },
        { kind: "progress", from: -5, to: 3 },
        { kind: "progress", from: 90, to: 160 },
        { kind: "progress", from: 30, to: 20 },
        { kind: "play", at: now + 3_600_000 },
        { kind: "startup", value: -1 },
        { kind: "seek", from: 10 },
        // Past the most a session may hold.
        { kind: "play", seq: 5_000 },
      ]),
    );
    assert.equal(r.status, 202);
    assert.deepEqual(await r.json(), { accepted: 1, duplicates: 0, dropped: 7 });
    for (
      const bad of [
        { ...batch(videoId, [{ kind: "play" }]), sessionId: "nope" },
        { ...batch(videoId, [{ kind: "unheard_of" as "play" }]) },
        { ...batch(videoId, []) },
        { ...batch(videoId, Array(101).fill({ kind: "play" })) },
        { ...batch(videoId, [{ kind: "play" }]), extra: 1 },
      ]
    ) {
      assert.equal((await post(viewer, bad)).status, 400, JSON.stringify(bad).slice(0, 80));
    }
    const text = await viewer.request("/api/v1/events", {
      method: "POST",
      body: "{not json",
      headers: { "content-type": "application/json" },
    });
    assert.equal(text.status, 400);
    const huge = await viewer.request("/api/v1/events", {
      method: "POST",
      body: "x".repeat(300_000),
      headers: { "content-type": "application/json" },
    });
    assert.equal(huge.status, 413);
    // An unknown or private video is a 404, as everywhere.
    assert.equal((await post(viewer, batch(crypto.randomUUID(), [{ kind: "play" }]))).status, 404);
    // A session id belongs to its video: events for another video under it are refused.
    const other = await addPlayableVideo(
      services.db.sql,
      (await services.db.sql`
      select owner_id from videos where id = ${videoId}`)[0].owner_id,
    );
    const s = crypto.randomUUID();
    assert.equal(
      (await (await post(viewer, batch(videoId, [{ kind: "play" }], s))).json()).accepted,
      1,
    );
    assert.deepEqual(await (await post(viewer, batch(other, [{ kind: "play" }], s))).json(), {
      accepted: 0,
      duplicates: 0,
      dropped: 1,
    });
  } finally {
    await services.close();
  }
});

Deno.test("events: a sendBeacon form is accepted; a session is rate limited; DNT leaves no id", async () => {
  const { services, app, videoId, sql } = await setup();
  try {
    const viewer = new TestClient(app);
    const form = new FormData();
    const body = batch(videoId, [{ kind: "play" }]);
    form.set("batch", JSON.stringify(body));
    const r = await viewer.request("/api/v1/events", { method: "POST", body: form });
    assert.equal(r.status, 202);
    assert.equal((await r.json()).accepted, 1);
    let status = 0;
    for (let i = 1; i <= 31 && status !== 429; i++) {
      status = (await post(viewer, batch(videoId, [{ kind: "play", seq: i }], body.sessionId)))
        .status;
    }
    assert.equal(status, 429);
    const dnt = batch(videoId, [{ kind: "play" }]);
    await viewer.request("/api/v1/events", { json: dnt, headers: { dnt: "1" } });
    const gpc = { ...batch(videoId, [{ kind: "play" }]), optOut: true };
    await post(viewer, gpc);
    const rows = await sql`select id, viewer, source, region from analytics_sessions
      order by started_at`;
    const byId = new Map(rows.map((x) => [x.id, x]));
    assert.match(byId.get(body.sessionId)!.viewer, /^[0-9a-f]{32}$/);
    assert.equal(byId.get(body.sessionId)!.source, "external:news.example.org");
    assert.equal(byId.get(body.sessionId)!.region, "Europe/Paris");
    for (const id of [dnt.sessionId, gpc.sessionId]) {
      assert.deepEqual({ ...byId.get(id)! }, {
        id,
        viewer: null,
        source: "external",
        region: "unknown",
      });
    }
  } finally {
    await services.close();
  }
});

Deno.test("partitions: made on demand, old ones dropped with their sessions, rollups kept", async () => {
  const { services, app, videoId, sql } = await setup();
  try {
    const viewer = new TestClient(app);
    await post(viewer, watched(videoId));
    const today = utcDay(Date.now());
    assert.ok((await partitionDays(sql)).includes(today));
    await rollupDay(sql, today);
    const tomorrow = utcDay(Date.now() + 86_400_000);
    assert.deepEqual(await dropPartitionsBefore(sql, tomorrow), [today]);
    assert.deepEqual(await partitionDays(sql), []);
    assert.equal((await sql`select count(*)::int as n from analytics_sessions`)[0].n, 0);
    // Rolling up a day whose raw events are gone keeps its rollups (nothing to recompute from).
    assert.equal(await rollupDay(sql, today), false);
    const [kept] = await sql`select views from analytics_video_daily where video_id = ${videoId}`;
    assert.equal(kept.views, 1);
    const [platform] = await sql`select views from analytics_platform_daily where day = ${today}`;
    assert.equal(platform.views, 1);
  } finally {
    await services.close();
  }
});

Deno.test("the maintenance job makes partitions ahead, drops the expired ones, keeps rollups", async () => {
  const { services, sql } = await setup();
  try {
    const chores = analyticsJobs({ sql }, { rawRetentionDays: 2, rollupEveryMs: 60_000 });
    assert.deepEqual(chores.schedules.map((s) => s.name).sort(), [
      "analytics_maintenance",
      "analytics_rollup",
    ]);
    const today = utcDay(Date.now());
    const old = addDays(today, -5);
    await ensurePartitions(sql, old);
    const maintain = chores.jobs.find((j) => j.kind === "analytics_maintenance")!;
    await maintain.handler(
      {
        job: { id: "1" },
        payload: {},
        workerId: "test",
        signal: new AbortController().signal,
      } as unknown as Parameters<typeof maintain.handler>[0],
    );
    const days = await partitionDays(sql);
    assert.ok(!days.includes(old), `${old} should be dropped`);
    for (let i = 0; i <= 3; i++) assert.ok(days.includes(addDays(today, i)), `day +${i}`);
  } finally {
    await services.close();
  }
});
