/** Upload completion budgets the transcode by its cost (MEDIA_MAX_PIXELS). */
import assert from "node:assert/strict";
import { UploadSession } from "../islands/_upload_client.ts";
import { bearerAccount, paddedClip, serveUploads } from "./_harness/uploads.ts";

Deno.test("a source over MEDIA_MAX_PIXELS fails at completion with a readable reason; one within is queued with its cost", async () => {
  const server = await serveUploads();
  try {
    const { headers } = await bearerAccount(server);
    const sql = server.services.db.sql;
    const bytes = await paddedClip(`${server.services.dir}/clip.mp4`, 300_000);
    const file = new File([bytes], "clip.mp4", { type: "video/mp4" });
    // 160×90 for 2 s at 25 fps (makeClip's default) is 720,000 pixels.
    const upload = () => new UploadSession(file, { apiBase: server.origin, headers }).run();

    server.services.config.jobs.maxPixels = 1_000_000;
    const ok = await upload();
    assert.equal(ok.status, "uploaded");
    const [job] = await sql`
      select cost, time_limit_ms, owner_id from jobs where video_id = ${ok.videoId}`;
    assert.ok(job.cost > 600_000 && job.cost < 800_000, `cost ${job.cost}`);
    assert.ok(job.time_limit_ms >= 60_000);
    const [video] = await sql`select owner_id from videos where id = ${ok.videoId}`;
    assert.equal(job.owner_id, video.owner_id);

    server.services.config.jobs.maxPixels = 100_000;
    const refused = await upload();
    assert.equal(refused.status, "failed");
    assert.match(refused.reason ?? "", /too much work to process: 160×90/);
    assert.equal((await sql`select 1 from jobs where video_id = ${refused.videoId}`).length, 0);
    const [v] = await sql`select status, status_reason from videos where id = ${refused.videoId}`;
    assert.deepEqual([v.status, v.status_reason], ["failed", refused.reason]);
  } finally {
    await server.close();
  }
});
