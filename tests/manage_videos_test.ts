/** Admin re-run and owner delete, with a real worker and real ffmpeg. */
import assert from "node:assert/strict";
import { getJob, jobForVideo } from "../lib/queue/mod.ts";
import { enqueueTranscode } from "../lib/videos/transcode_job.ts";
import { deleteVideo, rerunProcessing } from "../lib/videos/manage.ts";
import { getProcessingStatus } from "../lib/videos/processing.ts";
import { NotFoundError } from "../lib/errors.ts";
import { startWorker } from "../workers/mod.ts";
import { makeClip } from "./_harness/clips.ts";
import { openTestServices } from "./_harness/services.ts";
import { createUploadedVideo, waitForOutcome } from "./_harness/videos.ts";

async function keys(
  s: { storage: { list(p: string): AsyncIterable<{ key: string }> } },
  p: string,
) {
  const out: string[] = [];
  for await (const o of s.storage.list(p)) out.push(o.key);
  return out.sort();
}

Deno.test("rerunProcessing() re-processes a ready video into the same set of outputs", async () => {
  const s = await openTestServices();
  const worker = await startWorker(s);
  try {
    const clip = await makeClip(`${s.dir}/a.mp4`, { width: 320, height: 180, durationS: 2 });
    const id = await createUploadedVideo(
      { sql: s.db.sql, storage: s.storage },
      await Deno.readFile(clip),
    );
    await enqueueTranscode(s.db.sql, id);
    assert.equal((await waitForOutcome(s.db.sql, id)).status, "ready");
    const before = await keys(s, `media/${id}/`);
    const { jobId } = await rerunProcessing({ sql: s.db.sql }, id);
    assert.equal((await getProcessingStatus(s.db.sql, id))?.status, "processing");
    const after = await waitForOutcome(s.db.sql, id);
    assert.equal(after.status, "ready");
    assert.equal(after.playable, true);
    assert.deepEqual(await keys(s, `media/${id}/`), before);
    const jobs = await s.db
      .sql`select id, status from transcode_jobs where video_id = ${id} order by created_at`;
    assert.deepEqual(jobs.map((j) => j.status), ["succeeded", "succeeded"]);
    assert.equal(jobs[1].id, jobId);
    await assert.rejects(
      rerunProcessing({ sql: s.db.sql }, crypto.randomUUID()),
      NotFoundError,
    );
  } finally {
    await worker.stop();
    await s.close();
  }
});

Deno.test("deleteVideo() cancels the running job, kills ffmpeg and removes every object and row", async () => {
  const s = await openTestServices();
  const worker = await startWorker(s);
  try {
    const clip = await makeClip(`${s.dir}/a.webm`, {
      width: 640,
      height: 360,
      durationS: 8,
      video: "vp9",
    });
    const id = await createUploadedVideo(
      { sql: s.db.sql, storage: s.storage },
      await Deno.readFile(clip),
      {
        filename: "source.webm",
      },
    );
    const { id: jobId } = await enqueueTranscode(s.db.sql, id);
    for (let i = 0; i < 400; i++) {
      const [job] = await s.db.sql`select progress from transcode_jobs where video_id = ${id}`;
      if (job && job.progress > 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await deleteVideo({ sql: s.db.sql, storage: s.storage }, id);
    assert.equal(await getProcessingStatus(s.db.sql, id), undefined);
    // The worker notices the cancellation at its next lease renewal, stops and settles the job.
    for (let i = 0; i < 200 && (await getJob(s.db.sql, jobId))?.state === "running"; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal((await getJob(s.db.sql, jobId))?.state, "cancelled");
    assert.equal(await jobForVideo(s.db.sql, id), undefined);
    assert.deepEqual(await keys(s, `media/${id}/`), []);
    assert.deepEqual(await keys(s, `raw/${id}/`), []);
    const ffmpeg = await new Deno.Command("pgrep", {
      args: ["-f", `vf-job-${jobId}`],
      stdout: "piped",
    })
      .output();
    assert.equal(new TextDecoder().decode(ffmpeg.stdout).trim(), "", "ffmpeg was killed");
    await assert.rejects(
      deleteVideo({ sql: s.db.sql, storage: s.storage }, id),
      NotFoundError,
    );
  } finally {
    await worker.stop();
    await s.close();
  }
});
