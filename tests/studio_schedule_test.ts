/** Scheduled publishing: through the lifecycle, the job system and the pages. */
import assert from "node:assert/strict";
import type { Sql } from "../lib/db/mod.ts";
import { startRunner } from "../lib/queue/runner.ts";
import { publicListedSql } from "../lib/videos/access.ts";
import { mediaKey } from "../lib/storage/layout.ts";
import { markReady } from "../lib/videos/processing.ts";
import { publishDueVideos, schedulePublish } from "../lib/videos/publish_schedule.ts";
import { publishingJobs } from "../workers/publish_scheduled.ts";
import { addPlayableVideo } from "./_harness/community.ts";
import { studioApp } from "./_harness/studio.ts";

const listed = async (sql: Sql, id: string) =>
  (await sql`select 1 from videos v where v.id = ${id} and ${publicListedSql(sql)}`).length === 1;
const stateOf = async (sql: Sql, id: string) =>
  (await sql<{ status: string; publishAt: Date | null; publishedAt: Date | null }[]>`
    select status, publish_at as "publishAt", published_at as "publishedAt"
    from videos where id = ${id}`)[0];

Deno.test("a scheduled video is held back until its time, then flips to published (injected clock)", async () => {
  const { services, sql, app, owner, other } = await studioApp();
  try {
    const id = await addPlayableVideo(sql, owner.id, { title: "Premiere" });
    await sql`update videos set master_key = ${mediaKey(id, "master.m3u8")} where id = ${id}`;
    assert.equal(await listed(sql, id), true, "ready and public: listed before scheduling");
    const now = new Date("2030-01-01T10:00:00Z");
    const at = new Date("2030-01-01T12:00:00Z");
    await schedulePublish(sql, id, { publishAt: at, now });
    assert.equal((await stateOf(sql, id)).status, "scheduled");
    assert.equal(await listed(sql, id), false, "not listed, searchable or in feeds");
    // The job that publishes it is queued for its time.
    const [job] = await sql<{ runAt: Date }[]>`
      select run_at as "runAt" from jobs where kind = 'publish_scheduled' and video_id = ${id}`;
    assert.equal(job.runAt.toISOString(), at.toISOString());

    // Others get the premiere notice and no player; the owner still previews it.
    const anon = await (await app.request(`/v/${id}`)).text();
    assert.match(anon, /Premieres/);
    assert.match(anon, /datetime="2030-01-01T12:00:00.000Z"/);
    assert.doesNotMatch(anon, /data-island="Player"/);
    assert.doesNotMatch(
      await (await other.client.request(`/v/${id}`)).text(),
      /data-island="Player"/,
    );
    assert.doesNotMatch(await (await owner.client.request(`/v/${id}`)).text(), /Premieres/);
    // Nor does the playback API hand others a player's URLs.
    assert.equal((await app.request(`/api/v1/videos/${id}/playback`)).status, 404);
    assert.equal((await other.client.request(`/api/v1/videos/${id}/playback`)).status, 404);
    assert.equal((await owner.client.request(`/api/v1/videos/${id}/playback`)).status, 200);

    assert.deepEqual(await publishDueVideos(sql, { now: new Date(at.getTime() - 1000) }), []);
    assert.equal((await stateOf(sql, id)).status, "scheduled", "a second early: still waiting");
    assert.deepEqual(await publishDueVideos(sql, { now: at }), [id]);
    const after = await stateOf(sql, id);
    assert.equal(after.status, "published");
    assert.equal(after.publishAt, null);
    assert.equal(after.publishedAt?.toISOString(), at.toISOString(), "published at its time");
    assert.equal(await listed(sql, id), true);
    assert.deepEqual(await publishDueVideos(sql, { now: at }), [], "once");
    assert.doesNotMatch(await (await app.request(`/v/${id}`)).text(), /Premieres/);
  } finally {
    await services.close();
  }
});

Deno.test("a schedule set while processing applies when processing ends; not listed meanwhile", async () => {
  const { services, sql, owner } = await studioApp();
  try {
    const id = await addPlayableVideo(sql, owner.id);
    await sql`update videos set status = 'processing' where id = ${id}`;
    assert.equal(await listed(sql, id), true, "processing and playable: listed, as before");
    const at = new Date(Date.now() + 3_600_000);
    await schedulePublish(sql, id, { publishAt: at });
    assert.equal((await stateOf(sql, id)).status, "processing");
    assert.equal(await listed(sql, id), false, "a pending time holds it back while it processes");
    await markReady(sql, { videoId: id, jobId: crypto.randomUUID() }, {});
    assert.equal((await stateOf(sql, id)).status, "scheduled");

    // A time that passed while it was processed: it goes out as soon as it is done.
    const late = await addPlayableVideo(sql, owner.id);
    await sql`update videos set status = 'processing', publish_at = now() - interval '1 minute'
      where id = ${late}`;
    await markReady(sql, { videoId: late, jobId: crypto.randomUUID() }, {});
    const s = await stateOf(sql, late);
    assert.deepEqual([s.status, s.publishAt], ["ready", null]);
    assert.equal(await listed(sql, late), true);
  } finally {
    await services.close();
  }
});

Deno.test("the publish job runs through the job system at its time", async () => {
  const { services, sql, owner } = await studioApp();
  const runner = startRunner(sql, {
    workerId: "publish-test",
    concurrency: 1,
    pollMs: 20,
    leaseMs: 5000,
    retryBaseMs: 10,
    jobs: publishingJobs({ sql }).jobs,
  });
  try {
    const id = await addPlayableVideo(sql, owner.id);
    // Scheduled "an hour ago" by the injected clock, for a time that has now come.
    await schedulePublish(sql, id, {
      publishAt: new Date(Date.now() + 300),
      now: new Date(Date.now() - 3_600_000),
    });
    let status = "";
    for (let i = 0; i < 300 && status !== "published"; i++) {
      await new Promise((r) => setTimeout(r, 50));
      status = (await stateOf(sql, id)).status;
    }
    assert.equal(status, "published");
  } finally {
    await runner.stop();
    await services.close();
  }
});

Deno.test("the schedule form: a future time in the viewer's zone; bad input is a 4xx, never a 500", async () => {
  const { services, sql, owner, other } = await studioApp();
  try {
    const id = await addPlayableVideo(sql, owner.id, { visibility: "unlisted" });
    const post = (form: Record<string, string>, who = owner, path = "schedule") =>
      who.client.request(`/studio/videos/${id}/${path}`, { form });
    const edit = await (await owner.client.request(`/studio/videos/${id}`)).text();
    assert.match(edit, /name="publishAt"/);
    assert.match(edit, /data-local-zone-field/);

    const year = new Date().getUTCFullYear() + 1;
    const ok = await post({ publishAt: `${year}-06-01T18:30`, tz: "Europe/Berlin" });
    assert.equal(ok.status, 303);
    const s = await stateOf(sql, id);
    assert.equal(s.status, "scheduled");
    assert.equal(
      s.publishAt?.toISOString(),
      `${year}-06-01T16:30:00.000Z`,
      "18:30 in Berlin (CEST)",
    );
    assert.match(await (await owner.client.request(`/studio/videos/${id}`)).text(), /Goes public/);

    for (
      const [form, status] of [
        [{ publishAt: "2001-01-01T10:00", tz: "UTC" }, 400],
        [{ publishAt: `${year + 2}-01-01T10:00`, tz: "UTC" }, 400],
        [{ publishAt: "soon", tz: "UTC" }, 400],
        [{ publishAt: `${year}-06-01T18:30`, tz: "Nowhere/Land" }, 400],
        [{ publishAt: `${year}-06-01T18:30`, tz: "x".repeat(65) }, 400],
        [{ tz: "UTC" }, 400],
      ] as const
    ) {
      const r = await post(form);
      assert.equal(r.status, status, JSON.stringify(form));
      assert.match(await r.text(), /class="field-error"/);
    }
    assert.equal((await post({ publishAt: `${year}-06-01T18:30` }, other)).status, 403);
    assert.equal(
      (await owner.client.request("/studio/videos/nope/schedule", { form: {} })).status,
      404,
    );

    const removed = await post({}, owner, "unschedule");
    assert.equal(removed.status, 303);
    assert.deepEqual({ ...(await stateOf(sql, id)), publishedAt: null }, {
      status: "ready",
      publishAt: null,
      publishedAt: null,
    });
    // Published already: nothing to schedule (409, said in words).
    await sql`update videos set status = 'published' where id = ${id}`;
    const late = await post({ publishAt: `${year}-06-01T18:30`, tz: "UTC" });
    assert.equal(late.status, 409);
    assert.match(await late.text(), /cannot be scheduled/);
  } finally {
    await services.close();
  }
});
