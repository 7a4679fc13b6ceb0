/**
 * Workers as separate processes sharing one Postgres database (the job ledger) and
 * one storage directory: pickup latency, a worker killed mid-encode, and two
 * workers sharing a queue.
 */
import assert from "node:assert/strict";
import { getJob, listDeadJobs } from "../lib/queue/mod.ts";
import { enqueueTranscode } from "../lib/videos/transcode_job.ts";
import { parseMediaPlaylist } from "../lib/media/hls.ts";
import { makeClip } from "./_harness/clips.ts";
import { openTestServices } from "./_harness/services.ts";
import { createUploadedVideo, waitForOutcome } from "./_harness/videos.ts";
import { spawnWorker } from "./_harness/worker_process.ts";

Deno.test("a worker in another process picks a job up in under a second, and stops on SIGTERM", async () => {
  const s = await openTestServices();
  const worker = spawnWorker(s);
  try {
    await worker.ready;
    const clip = await makeClip(`${s.dir}/a.mp4`, { width: 160, height: 90, durationS: 2 });
    const id = await createUploadedVideo(
      { sql: s.db.sql, storage: s.storage },
      await Deno.readFile(clip),
    );
    const { id: jobId } = await enqueueTranscode(s.db.sql, id);
    const enqueued = performance.now();
    let picked = false;
    while (!picked && performance.now() - enqueued < 5000) {
      picked = (await getJob(s.db.sql, jobId))?.state !== "ready";
      if (!picked) await new Promise((r) => setTimeout(r, 5));
    }
    const pickupMs = performance.now() - enqueued;
    assert.ok(picked, "the job was picked up");
    // The design's contract (DESIGN.md, "The job queue"): pickup well under a second.
    assert.ok(pickupMs < 1000, `picked up after ${Math.round(pickupMs)} ms`);
    const status = await waitForOutcome(s.db.sql, id);
    assert.equal(status.status, "ready", status.error ?? "");
    worker.kill("SIGTERM");
    assert.equal((await worker.status).code, 0);
  } finally {
    worker.kill("SIGKILL");
    await worker.status;
    await s.close();
  }
});

Deno.test("a worker killed with SIGKILL mid-encode: another worker finishes the job with one set of outputs", async () => {
  const s = await openTestServices();
  const tmpRoot = `${s.dir}/work`;
  const env = { JOB_LEASE_S: "1", WORKER_TMP_DIR: tmpRoot, FFMPEG_PRESET: "medium" };
  const first = spawnWorker(s, env);
  let second;
  try {
    await first.ready;
    const clip = await makeClip(`${s.dir}/a.webm`, {
      width: 640,
      height: 360,
      durationS: 12,
      video: "vp9",
    });
    const id = await createUploadedVideo(
      { sql: s.db.sql, storage: s.storage },
      await Deno.readFile(clip),
    );
    await enqueueTranscode(s.db.sql, id);
    // Wait until the encode is under way, then kill the worker outright.
    for (let i = 0; i < 600; i++) {
      const [job] = await s.db.sql`select progress from transcode_jobs where video_id = ${id}`;
      if (job && job.progress > 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const [mid] = await s.db.sql`select progress from transcode_jobs where video_id = ${id}`;
    assert.ok(mid.progress > 0 && mid.progress < 100, `killed at ${mid.progress} %`);
    first.kill("SIGKILL");
    await first.status;
    second = spawnWorker(s, env);
    const status = await waitForOutcome(s.db.sql, id, { timeoutMs: 120_000 });
    assert.equal(status.status, "ready", status.error ?? "");
    const [job] = await s.db
      .sql`select attempts, status from transcode_jobs where video_id = ${id}`;
    assert.deepEqual([job.attempts, job.status], [2, "succeeded"]);

    // Exactly the objects the final playlists name, plus master, poster and storyboard.
    const root = `${s.dir}/objects/media/${id}`;
    const expected = new Set(["master.m3u8", "poster.jpg", "storyboard.jpg", "storyboard.vtt"]);
    const master = await Deno.readTextFile(`${root}/master.m3u8`);
    for (const uri of master.split("\n").filter((l) => l.endsWith(".m3u8"))) {
      const dir = uri.slice(0, uri.lastIndexOf("/"));
      const pl = parseMediaPlaylist(await Deno.readTextFile(`${root}/${uri}`));
      expected.add(uri).add(`${dir}/${pl.mapUri}`);
      for (const seg of pl.segments) expected.add(`${dir}/${seg.uri}`);
    }
    // The candidate thumbnails (workers/thumbnails.ts), each in the widths it was made in.
    const frames = await s.db.sql<{ name: string; widths: number[] }[]>`
      select name, widths from video_thumbnails where video_id = ${id}`;
    assert.equal(frames.length, 4);
    for (const f of frames) for (const w of f.widths) expected.add(`thumbs/${f.name}-${w}.jpg`);
    const stored = new Set<string>();
    for await (const o of s.storage.list(`media/${id}/`)) {
      stored.add(o.key.slice(`media/${id}/`.length));
    }
    assert.deepEqual([...stored].sort(), [...expected].sort());

    // The killed worker's ffmpeg did not outlive it, and its temporary files are gone.
    const left = await new Deno.Command("pgrep", { args: ["-f", tmpRoot], stdout: "piped" })
      .output();
    assert.equal(new TextDecoder().decode(left.stdout).trim(), "", "no ffmpeg left running");
    const dirs = [];
    for await (const e of Deno.readDir(tmpRoot)) dirs.push(e.name);
    assert.deepEqual(dirs, []);
  } finally {
    first.kill("SIGKILL");
    second?.kill("SIGTERM");
    await first.status;
    await second?.status;
    await s.close();
  }
});

Deno.test("two worker processes share a queue without ever holding the same job", async () => {
  const s = await openTestServices();
  const env = { WORKER_CONCURRENCY: "2" };
  const workers = [spawnWorker(s, env), spawnWorker(s, env)];
  try {
    await Promise.all(workers.map((w) => w.ready));
    const clip = await Deno.readFile(
      await makeClip(`${s.dir}/a.mp4`, { width: 160, height: 90, durationS: 1 }),
    );
    const ids = [];
    for (let i = 0; i < 6; i++) {
      ids.push(await createUploadedVideo({ sql: s.db.sql, storage: s.storage }, clip));
    }
    for (const id of ids) await enqueueTranscode(s.db.sql, id);
    for (const id of ids) {
      const status = await waitForOutcome(s.db.sql, id);
      assert.equal(status.status, "ready", status.error ?? "");
    }
    const jobs = await s.db.sql`select attempts from transcode_jobs where video_id = any(${ids})`;
    assert.deepEqual(jobs.map((j) => j.attempts), [1, 1, 1, 1, 1, 1], "each job was claimed once");
    // (The upload sweep is a job too: count the transcodes.)
    const claims = workers.flatMap((w) =>
      w.lines.filter((l) => l.msg === "job claimed" && l.kind === "transcode")
    );
    assert.equal(claims.length, 6);
    assert.equal(new Set(claims.map((c) => c.jobId)).size, 6);
    assert.deepEqual(await listDeadJobs(s.db.sql), []);
  } finally {
    for (const w of workers) w.kill("SIGTERM");
    await Promise.all(workers.map((w) => w.status));
    await s.close();
  }
});
