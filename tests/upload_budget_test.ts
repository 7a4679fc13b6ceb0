/** Upload completion budgets the transcode by its cost (MEDIA_MAX_PIXELS). */
import assert from "node:assert/strict";
import { UploadSession } from "../islands/_upload_client.ts";
import { startWorker } from "../workers/mod.ts";
import { bearerAccount, paddedClip, serveUploads } from "./_harness/uploads.ts";
import { waitForOutcome } from "./_harness/videos.ts";

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

Deno.test("an upload whose inspection cannot run fails closed: long lane, bounded limit, and the worker's probe budgets it", async () => {
  // The web tier's ffprobe is missing (FFPROBE_PATH=/nonexistent); the worker's works.
  const server = await serveUploads({ ffprobePath: "/nonexistent/ffprobe" });
  try {
    const { headers } = await bearerAccount(server);
    const { config, db } = server.services;
    const sql = db.sql;
    const bytes = await paddedClip(`${server.services.dir}/clip.mp4`, 300_000);
    const file = new File([bytes], "clip.mp4", { type: "video/mp4" });
    const upload = () => new UploadSession(file, { apiBase: server.origin, headers }).run();
    const jobOf = async (videoId: string) =>
      (await sql`select cost, time_limit_ms from jobs where video_id = ${videoId}`)[0];

    const refused = await upload();
    assert.equal(refused.status, "uploaded");
    const unknown = await jobOf(refused.videoId);
    assert.equal(unknown.cost, config.jobs.maxPixels);
    assert.ok(unknown.cost > config.jobs.shortLanePixels, "an unknown cost takes the long lane");
    assert.ok(Number(unknown.time_limit_ms) > 0 && Number(unknown.time_limit_ms) < 2 ** 53);

    // A worker whose budget the clip (160×90, 25 fps, 2 s: 720,000 pixels) exceeds refuses it.
    const strict = {
      ...config,
      ffprobePath: "ffprobe",
      jobs: { ...config.jobs, maxPixels: 100_000 },
    };
    let worker = await startWorker({ ...server.services, config: strict });
    try {
      const status = await waitForOutcome(sql, refused.videoId);
      assert.equal(status.status, "failed");
      assert.match(status.error ?? "", /too much work to process: 160×90 at 25 fps/);
    } finally {
      await worker.stop();
    }

    // Within the budget, the worker records the measured cost and its time limit on the job.
    const ok = await upload();
    worker = await startWorker({
      ...server.services,
      config: { ...config, ffprobePath: "ffprobe" },
    });
    try {
      const status = await waitForOutcome(sql, ok.videoId);
      assert.equal(status.status, "ready", status.error ?? "");
      const job = await jobOf(ok.videoId);
      assert.ok(job.cost > 600_000 && job.cost < 800_000, `cost ${job.cost}`);
      assert.ok(Number(job.time_limit_ms) >= 60_000 && Number(job.time_limit_ms) < 61_000);
    } finally {
      await worker.stop();
    }
  } finally {
    await server.close();
  }
});
