/**
 * An upload completion that dies with its web instance (found by
 * tests/scale_out_test.ts): the upload was claimed (`completed`) but the
 * video never left `uploading`, and a retried completion only answered
 * "uploading". Now a completion keeps a heartbeat, and a retried completion
 * takes over one whose heartbeat stopped, once; a live one is left alone.
 */
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import { jobForVideo } from "../lib/queue/mod.ts";
import { account, partsThroughApi } from "./_harness/moderation.ts";
import { makeClip } from "./_harness/clips.ts";
import { openTestServices } from "./_harness/services.ts";

Deno.test("a completion whose web instance died is resumed by the retried request, once", async () => {
  const s = await openTestServices();
  try {
    const sql = s.db.sql;
    const app = createApp(s);
    const { client } = await account(app, sql, "creator");
    const clip = await Deno.readFile(await makeClip(`${s.dir}/a.mp4`, { durationS: 1 }));
    const complete = async (sent: Awaited<ReturnType<typeof partsThroughApi>>) => {
      const r = await client.request(`/api/v1/uploads/${sent.uploadId}/complete`, {
        json: { parts: sent.parts },
      });
      assert.equal(r.status, 200);
      return (await r.json()).status as string;
    };
    // Died after claiming, before storage assembled the parts.
    const a = await partsThroughApi(client, clip, { title: "a" });
    await sql`update uploads set status = 'completed', completed_at = now() where id = ${a.uploadId}`;
    assert.equal(await complete(a), "uploading", "a live completion is left alone");
    await sql`update uploads set completed_at = now() - interval '1 minute' where id = ${a.uploadId}`;
    assert.equal(await complete(a), "uploaded", "a stale one is taken over");
    assert.ok(await jobForVideo(sql, a.videoId), "and its transcode queued");
    assert.equal(await complete(a), "uploaded", "completing again answers the status");
    // Died after storage assembled them: the object is found and used.
    const b = await partsThroughApi(client, clip, { title: "b" });
    const [up] = await sql`
      select storage_key, storage_upload_id from uploads where id = ${b.uploadId}`;
    await s.storage.completeMultipart(up.storage_key, up.storage_upload_id, b.parts);
    await sql`
      update uploads set status = 'completed', completed_at = now() - interval '1 minute'
      where id = ${b.uploadId}`;
    assert.equal(await complete(b), "uploaded");
    const [jobs] = await sql`
      select count(*)::int as n from jobs where video_id = any(${[a.videoId, b.videoId]})`;
    assert.equal(jobs.n, 2, "one transcode each");
  } finally {
    await s.close();
  }
});
