/**
 * The review workflow end to end with a real worker and ffmpeg: the seed flow
 * under pre-moderation (upload → processing → in review → approve → published
 * and listed), rejection with a reason that the creator reads, edits and
 * resubmits, and rejection that deletes the stored files.
 */
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import { publicListedSql } from "../lib/videos/access.ts";
import { hlsModule } from "../lib/islands/vendor.ts";
import { startWorker } from "../workers/mod.ts";
import { makeClip } from "./_harness/clips.ts";
import { TestClient } from "./_harness/client.ts";
import { account, uploadThroughApi, waitForState } from "./_harness/moderation.ts";
import { openTestServices } from "./_harness/services.ts";
import type { Sql } from "../lib/db/mod.ts";

async function listedIds(sql: Sql): Promise<string[]> {
  const rows = await sql<{ id: string }[]>`select v.id from videos v where ${publicListedSql(sql)}`;
  return rows.map((r) => r.id);
}

async function keys(storage: { list(p: string): AsyncIterable<{ key: string }> }, id: string) {
  const out: string[] = [];
  for (const prefix of [`media/${id}/`, `raw/${id}/`]) {
    for await (const o of storage.list(prefix)) out.push(o.key);
  }
  return out;
}

Deno.test("pre-moderation: the seed flow, rejection with a reason, resubmission, deletion", async (t) => {
  const s = await openTestServices();
  const sql = s.db.sql;
  const worker = await startWorker(s);
  const app = createApp(s, {
    hls: await hlsModule(),
    rateLimits: { auth: 10_000, apiUser: 10_000, apiIp: 100_000 },
  });
  try {
    const admin = await account(app, sql, "admin");
    const moderator = await account(app, sql, "moderator");
    const creator = await account(app, sql, "creator");
    const anon = new TestClient(app);
    const set = await admin.client.request("/api/v1/admin/settings", {
      method: "PATCH",
      json: { moderation: "pre" },
    });
    assert.equal(set.status, 200);
    assert.deepEqual((await set.json()).settings, { moderation: "pre", registration: "open" });
    const clip = await Deno.readFile(
      await makeClip(`${s.dir}/a.mp4`, { width: 320, height: 180, durationS: 1 }),
    );

    let first = "";
    await t.step(
      "upload → processing → in review: hidden from everyone but owner and moderators",
      async () => {
        first = await uploadThroughApi(creator.client, clip, { title: "Seed flow clip" });
        await waitForState(sql, first, "in_review");
        const [v] = await sql`select review_required from videos where id = ${first}`;
        assert.equal(v.review_required, true);
        assert.ok(!(await listedIds(sql)).includes(first));
        assert.equal((await anon.request(`/v/${first}`)).status, 404);
        assert.equal((await anon.request(`/api/v1/videos/${first}/playback`)).status, 404);
        assert.equal((await creator.client.request(`/v/${first}`)).status, 200);
        const studio = await (await creator.client.request(`/studio/videos/${first}`)).text();
        assert.match(studio, /A moderator reviews this video before it is published/);
        // The moderator's queue: oldest first, with uploader, details and a playable preview.
        const queue = await (await moderator.client.request("/api/v1/admin/review")).json();
        assert.deepEqual(queue.videos.map((v: { id: string }) => v.id), [first]);
        assert.equal(queue.videos[0].ownerName, "The creator");
        const html = await (await moderator.client.request("/admin/review")).text();
        assert.match(html, /Seed flow clip/);
        assert.match(html, /The creator/);
        const props = [...html.matchAll(/data-props="([^"]+)"/g)]
          .map((m) => JSON.parse(m[1].replaceAll("&quot;", '"').replaceAll("&amp;", "&")))
          .find((p) => p.masterUrl);
        assert.ok(props, "a player island on the queue page");
        const master = props.masterUrl as string;
        const url = new URL(master, "http://localhost");
        // The media edge serves the preview to the moderator (the token names them).
        const asModerator = await moderator.client.request(url.pathname + url.search);
        assert.equal(asModerator.status, 200);
        const text = await asModerator.text();
        assert.match(text, /#EXTM3U/);
        // A public video's preview: the playlist's own URLs carry the token too.
        const variant = new URL(text.split("\n").find((l) => /\.m3u8(\?|$)/.test(l))!, url);
        assert.match(variant.search, /token=/);
        const rendition = await moderator.client.request(variant.pathname + variant.search);
        assert.equal(rendition.status, 200);
        await rendition.body?.cancel();
        // A moderator previews but cannot edit another's video.
        const edit = await moderator.client.request(`/api/v1/videos/${first}`, {
          method: "PATCH",
          json: { title: "Moderator was here" },
        });
        assert.equal(edit.status, 403);
      },
    );

    await t.step("approve → published and listed; approving again is a 409", async () => {
      const ok = await moderator.client.request(`/api/v1/admin/videos/${first}/approve`, {
        method: "POST",
      });
      assert.equal(ok.status, 204);
      const again = await moderator.client.request(`/api/v1/admin/videos/${first}/approve`, {
        method: "POST",
      });
      assert.equal(again.status, 409);
      assert.ok((await listedIds(sql)).includes(first));
      assert.equal((await anon.request(`/v/${first}`)).status, 200);
      const home = await (await anon.request("/")).text();
      assert.match(home, new RegExp(first));
      // Edited later: still published (its media did not change).
      const edit = await creator.client.request(`/api/v1/videos/${first}`, {
        method: "PATCH",
        json: { title: "Seed flow clip, renamed" },
      });
      assert.equal(edit.status, 200);
      const [v] = await sql`select status from videos where id = ${first}`;
      assert.equal(v.status, "published");
      const [entry] = await sql`select * from audit_log where action = 'video.approve'`;
      assert.equal(entry.actor_id, moderator.id);
      assert.equal(entry.target_id, first);
      assert.ok(entry.request_id);
    });

    let second = "";
    await t.step(
      "reject with a reason → the creator reads it, edits, resubmits → in review",
      async () => {
        second = await uploadThroughApi(creator.client, clip, { title: "Needs work" });
        await waitForState(sql, second, "in_review");
        const noReason = await moderator.client.request(`/api/v1/admin/videos/${second}/reject`, {
          json: { reason: "  " },
        });
        assert.equal(noReason.status, 400);
        const r = await moderator.client.request(`/api/v1/admin/videos/${second}/reject`, {
          json: { reason: "The title does not say what the video shows." },
        });
        assert.equal(r.status, 204);
        assert.equal((await anon.request(`/v/${second}`)).status, 404);
        const studio = await (await creator.client.request(`/studio/videos/${second}`)).text();
        assert.match(studio, /A moderator rejected this video/);
        assert.match(studio, /The title does not say what the video shows\./);
        const edit = await creator.client.request(`/api/v1/videos/${second}`, {
          method: "PATCH",
          json: { title: "A test pattern with a tone" },
        });
        assert.equal(edit.status, 200);
        // Someone else cannot resubmit it.
        const other = await moderator.client.request(`/api/v1/videos/${second}/resubmit`, {
          method: "POST",
        });
        assert.equal(other.status, 403);
        const back = await creator.client.request(`/studio/videos/${second}/resubmit`, {
          form: {},
        });
        assert.equal(back.status, 303);
        const [v] = await sql`select status from videos where id = ${second}`;
        assert.equal(v.status, "in_review");
        const again = await creator.client.request(`/api/v1/videos/${second}/resubmit`, {
          method: "POST",
        });
        assert.equal(again.status, 409);
      },
    );

    await t.step(
      "reject and delete the files: every object is gone, resubmitting is a 409",
      async () => {
        assert.ok((await keys(s.storage, second)).length > 0);
        const r = await moderator.client.request(`/admin/review/${second}/reject`, {
          form: { reason: "Not allowed here.", deleteFiles: "on" },
        });
        assert.equal(r.status, 303);
        assert.deepEqual(await keys(s.storage, second), []);
        const [v] =
          await sql`select status, master_key, source_key from videos where id = ${second}`;
        assert.deepEqual({ ...v }, { status: "rejected", master_key: null, source_key: null });
        const studio = await (await creator.client.request(`/studio/videos/${second}`)).text();
        assert.match(studio, /Not allowed here\./);
        const again = await creator.client.request(`/api/v1/videos/${second}/resubmit`, {
          method: "POST",
        });
        assert.equal(again.status, 409);
        const [entry] = await sql`select details from audit_log where action = 'video.reject'
        order by id desc limit 1`;
        assert.deepEqual(entry.details, { reason: "Not allowed here.", deleteFiles: true });
      },
    );
  } finally {
    await worker.stop();
    await s.close();
  }
});
