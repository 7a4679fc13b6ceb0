/**
 * A real `deno task runner` process (workers/runner.ts) with nothing but
 * VIDEOFLOW_URL and RUNNER_TOKEN in its environment (no database, KV,
 * storage or signing secret) transcodes an uploaded clip end to end through
 * a web tier served on a real port, and gives its job back on SIGTERM.
 */
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import { parseMediaPlaylist } from "../lib/media/hls.ts";
import { getJob } from "../lib/queue/mod.ts";
import { issueRunnerToken } from "../lib/runners/tokens.ts";
import { mediaKey, mediaPrefix } from "../lib/storage/layout.ts";
import { enqueueTranscode } from "../lib/videos/transcode_job.ts";
import { makeClip } from "./_harness/clips.ts";
import { freePort } from "./_harness/postgres.ts";
import { openTestServices } from "./_harness/services.ts";
import { createUploadedVideo, waitForOutcome } from "./_harness/videos.ts";
import { spawnDeno } from "./_harness/worker_process.ts";

const ENTRY = new URL("../workers/runner.ts", import.meta.url).pathname;

Deno.test("a runner process with only VIDEOFLOW_URL and RUNNER_TOKEN transcodes an uploaded clip", async () => {
  const port = freePort();
  const url = `http://127.0.0.1:${port}`;
  const s = await openTestServices({ publicUrl: url });
  const server = Deno.serve(
    { port, hostname: "127.0.0.1", onListen: () => {} },
    createApp(s).fetch,
  );
  const sql = s.db.sql;
  const [admin] = await sql<{ id: string }[]>`
    insert into users (email, password_hash, display_name, role)
    values ('runner-admin@example.test', 'x', 'Admin', 'admin') returning id`;
  const { token } = await issueRunnerToken(sql, { name: "far-away", kinds: ["transcode"] }, {
    actor: { id: admin.id, name: "Admin" },
  });
  const runner = spawnDeno(ENTRY, {
    clearEnv: true,
    env: {
      VIDEOFLOW_URL: url,
      RUNNER_TOKEN: token,
      RUNNER_NAME: "far-away-1",
      WORKER_TMP_DIR: `${s.dir}/runner-tmp`,
      LOG_LEVEL: "info",
    },
    readyMsg: "runner ready",
  });
  try {
    await runner.ready;
    const clip = await makeClip(`${s.dir}/a.mp4`, { width: 320, height: 180, durationS: 2 });
    const id = await createUploadedVideo({ sql, storage: s.storage }, await Deno.readFile(clip));
    const { id: jobId } = await enqueueTranscode(sql, id);
    const outcome = await waitForOutcome(sql, id, { timeoutMs: 120_000 });
    assert.equal(outcome.status, "ready", outcome.error ?? JSON.stringify(runner.lines));
    // The video is ready a moment before the runner's completion call lands.
    let job = await getJob(sql, jobId);
    for (let i = 0; i < 300 && job?.state === "running"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      job = await getJob(sql, jobId);
    }
    assert.equal(job?.state, "succeeded");
    assert.match(job?.workerId ?? "", /^runner:[0-9a-f-]{36}:far-away-1$/);
    // The outputs are in the web tier's store, written through the runner API.
    const [v] =
      await sql`select master_key, poster_key, storyboard_key from videos where id = ${id}`;
    assert.equal(v.master_key, mediaKey(id, "master.m3u8"));
    assert.ok(await s.storage.head(v.poster_key), "poster stored");
    assert.ok(await s.storage.head(v.storyboard_key), "storyboard stored");
    const renditions = await sql`select playlist_key from renditions where video_id = ${id}`;
    assert.ok(renditions.length >= 1);
    for (const r of renditions) {
      const list = parseMediaPlaylist(
        await new Response((await s.storage.get(r.playlist_key))!.body).text(),
      );
      assert.ok(list.ended && list.segments.length > 0, r.playlist_key);
    }
    const keys: string[] = [];
    for await (const o of s.storage.list(mediaPrefix(id))) keys.push(o.key);
    assert.ok(keys.some((k) => k.endsWith(".m4s")), "segments stored");
    // The candidate thumbnails and the studio's progress detail came through the API too.
    const frames = await sql<{ name: string; widths: number[] }[]>`
      select name, widths from video_thumbnails where video_id = ${id} order by name`;
    assert.deepEqual(frames.map((f) => f.name), ["auto", "f1", "f2", "f3"]);
    assert.ok(frames.every((f) => f.widths.length > 0), "each frame in at least one width");
    assert.match(v.poster_key, /\/thumbs\/auto-\d+\.jpg$/, "the auto frame is the poster");
    for (const f of frames) {
      for (const w of f.widths) {
        assert.ok(keys.some((k) => k.endsWith(`/thumbs/${f.name}-${w}.jpg`)), `${f.name}-${w}`);
      }
    }
    const [detail] = await sql`select progress_detail from jobs where id = ${jobId}`;
    assert.ok(detail.progress_detail?.stage, "a stage was reported");
    const [seen] = await sql`select last_seen_at from runner_tokens`;
    assert.ok(seen.last_seen_at, "the admin page can show when it was last seen");
    runner.kill("SIGTERM");
    assert.equal((await runner.status).code, 0);
  } finally {
    runner.kill("SIGKILL");
    await runner.status;
    await server.shutdown();
    await s.close();
  }
});
