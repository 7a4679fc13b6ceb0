/** Full transcode jobs with real ffmpeg on generated clips, run by an in-process worker. */
import assert from "node:assert/strict";
import { enqueueTranscode } from "../lib/videos/transcode_job.ts";
import { parseMediaPlaylist } from "../lib/media/hls.ts";
import { startWorker } from "../workers/mod.ts";
import { ffprobe, makeClip } from "./_harness/clips.ts";
import { hostileLists, privateVideo } from "./_harness/hostile.ts";
import { openTestServices } from "./_harness/services.ts";
import { createUploadedVideo, waitForOutcome } from "./_harness/videos.ts";

const sine = (d: number) => ["-f", "lavfi", "-i", `sine=duration=${d}`];

async function withWorker(
  fn: (s: Awaited<ReturnType<typeof openTestServices>>) => Promise<void>,
  media: { ffmpegMaxMemoryBytes?: number } = {},
) {
  const s = await openTestServices();
  // Retries come quickly here; the backoff itself is tested in lib/queue.
  const worker = await startWorker({
    ...s,
    config: {
      ...s.config,
      worker: { ...s.config.worker, retryBaseMs: 100 },
      media: { ...s.config.media, ...media },
    },
  });
  try {
    await fn(s);
  } finally {
    await worker.stop();
    await s.close();
  }
}

/** Uploads a VP9 clip as WebM (the full encode path, not the remux) and waits for its outcome. */
async function processWebm(s: Awaited<ReturnType<typeof openTestServices>>, clip: string) {
  const id = await createUploadedVideo(
    { sql: s.db.sql, storage: s.storage },
    await Deno.readFile(clip),
    { filename: "source.webm" },
  );
  await enqueueTranscode(s.db.sql, id);
  return { id, status: await waitForOutcome(s.db.sql, id) };
}

Deno.test("transcode job: every rendition is H.264 of the planned size, duration and keyframe-aligned segments", async () => {
  await withWorker(async (s) => {
    const clip = await makeClip(`${s.dir}/in.mp4`, {
      width: 640,
      height: 360,
      durationS: 5,
      video: "vp9",
      audio: true,
    });
    const { id, status } = await processWebm(s, clip);
    assert.equal(status.status, "ready", status.error ?? "");
    assert.equal(status.playable, true);
    const objects = `${s.dir}/objects`;
    const master = await Deno.readTextFile(`${objects}/media/${id}/master.m3u8`);
    const variants = [...master.matchAll(/#EXT-X-STREAM-INF:(.*)\n(.*)/g)];
    assert.deepEqual(variants.map((v) => v[2]), ["240p/index.m3u8", "360p/index.m3u8"]);
    for (const [, attrs] of variants) {
      assert.match(attrs, /BANDWIDTH=\d+,AVERAGE-BANDWIDTH=\d+,RESOLUTION=\d+x\d+/);
      assert.match(attrs, /CODECS="avc1\.6400[0-9a-f]{2},mp4a\.40\.2"/);
    }
    const expected: Record<string, [number, number]> = { "240p": [426, 240], "360p": [640, 360] };
    for (const [name, [w, h]] of Object.entries(expected)) {
      const playlist = `${objects}/media/${id}/${name}/index.m3u8`;
      const info = await ffprobe(playlist, ["-show_streams", "-show_format"]);
      const v = info.streams.find((x: { codec_type: string }) => x.codec_type === "video");
      assert.equal(v.codec_name, "h264");
      assert.equal(v.width, w);
      assert.equal(v.height, h);
      assert.ok(
        Math.abs(Number(info.format.duration) - 5) <= 0.2,
        `${name} lasts ${info.format.duration}`,
      );
      const pl = parseMediaPlaylist(await Deno.readTextFile(playlist));
      assert.ok(pl.ended);
      assert.ok(pl.segments.length >= 2);
      for (const seg of pl.segments) {
        // Each segment (with its init) starts on a keyframe.
        const bytes = new Uint8Array([
          ...await Deno.readFile(`${objects}/media/${id}/${name}/${pl.mapUri}`),
          ...await Deno.readFile(`${objects}/media/${id}/${name}/${seg.uri}`),
        ]);
        const tmp = `${s.dir}/seg.mp4`;
        await Deno.writeFile(tmp, bytes);
        const p = await ffprobe(tmp, [
          "-select_streams",
          "v:0",
          "-show_entries",
          "packet=flags",
          "-read_intervals",
          "%+#1",
        ]);
        assert.ok(p.packets[0].flags.startsWith("K"), `${name}/${seg.uri} starts on a keyframe`);
      }
    }
    const rows = await s.db
      .sql`select name, width, height, codecs from renditions where video_id = ${id} order by height`;
    assert.deepEqual(rows.map((r) => r.name), ["240p", "360p"]);
    const [video] = await s.db
      .sql`select poster_key, storyboard_key, playable_at, processed_at, duration_s from videos where id = ${id}`;
    assert.ok(video.playable_at && video.processed_at);
    assert.ok(video.poster_key && await s.storage.head(video.poster_key));
    const vtt = await Deno.readTextFile(`${objects}/${video.storyboard_key}`);
    assert.match(
      vtt,
      /^WEBVTT\n\n00:00:00\.000 --> 00:00:01\.000\nstoryboard\.jpg#xywh=0,0,160,90/,
    );
    assert.ok(await s.storage.head(`media/${id}/storyboard.jpg`));
    const [job] = await s.db
      .sql`select status, progress from transcode_jobs where video_id = ${id}`;
    assert.deepEqual([job.status, job.progress], ["succeeded", 100]);
  });
});

Deno.test("transcode job: a web-safe source is remuxed first; VP9 and HEVC sources are not", async () => {
  await withWorker(async (s) => {
    const deps = { sql: s.db.sql, storage: s.storage };
    const safe = await createUploadedVideo(
      deps,
      await Deno.readFile(await makeClip(`${s.dir}/a.mp4`)),
    );
    const hevc = await createUploadedVideo(
      deps,
      await Deno.readFile(await makeClip(`${s.dir}/h.mp4`, { video: "hevc" })),
    );
    for (const id of [safe, hevc]) await enqueueTranscode(s.db.sql, id);
    for (const id of [safe, hevc]) {
      const status = await waitForOutcome(s.db.sql, id);
      assert.equal(status.status, "ready", status.error ?? "");
    }
    // The remux stays stored (players that started on it keep going) but the final
    // master lists only the encoded, keyframe-aligned rungs.
    assert.ok(await s.storage.head(`media/${safe}/source/index.m3u8`));
    assert.equal(await s.storage.head(`media/${hevc}/source/index.m3u8`), undefined);
    const master = await Deno.readTextFile(`${s.dir}/objects/media/${safe}/master.m3u8`);
    assert.doesNotMatch(master, /source\//);
    assert.match(master, /180p\/index\.m3u8/);
  });
});

Deno.test("transcode job: poison inputs end failed with a reason, a silent video ends ready", async () => {
  await withWorker(async (s) => {
    const deps = { sql: s.db.sql, storage: s.storage };
    const whole = await Deno.readFile(await makeClip(`${s.dir}/w.mp4`, { durationS: 4 }));
    const cases: [string, Uint8Array, "ready" | "failed", RegExp | null][] = [
      ["text", new TextEncoder().encode("hello, I am text\n".repeat(20)), "failed", /not a video/],
      ["zero", new Uint8Array(), "failed", /empty/],
      ["truncated", whole.slice(0, whole.length / 2), "failed", /not a video|incomplete/],
      [
        "audio only",
        await Deno.readFile(await makeClip(`${s.dir}/a.mp4`, { video: "none" })),
        "failed",
        /no video stream/,
      ],
      [
        "no audio",
        await Deno.readFile(await makeClip(`${s.dir}/n.mp4`, { audio: false })),
        "ready",
        null,
      ],
    ];
    const ids = [];
    for (const [, bytes] of cases) {
      const id = await createUploadedVideo(deps, bytes);
      await enqueueTranscode(s.db.sql, id);
      ids.push(id);
    }
    for (const [i, [name, , outcome, reason]] of cases.entries()) {
      const status = await waitForOutcome(s.db.sql, ids[i]);
      assert.equal(status.status, outcome, `${name}: ${status.error}`);
      if (reason) assert.match(status.error ?? "", reason, name);
      else assert.equal(status.error, null);
    }
    const [silent] = await s.db.sql`select codecs from renditions where video_id = ${ids[4]}`;
    assert.equal(silent.codecs, "avc1.64001e", "video only: no mp4a");
    const jobs = await s.db.sql`select status from transcode_jobs where video_id = any(${ids})`;
    assert.deepEqual(jobs.map((j) => j.status).sort(), [
      "dead",
      "dead",
      "dead",
      "dead",
      "succeeded",
    ]);
  });
});

Deno.test("transcode job: the worker's ffmpeg runs under MEDIA_FFMPEG_MAX_MEMORY_MB", async () => {
  // 64 MiB of address space cannot hold ffmpeg: every encode of this worker fails.
  await withWorker(async (s) => {
    const clip = await makeClip(`${s.dir}/in.mp4`, { durationS: 1, video: "vp9" });
    const { status } = await processWebm(s, clip);
    assert.equal(status.status, "failed");
    assert.match(status.error ?? "", /could not be converted: the encoder stopped/);
  }, { ffmpegMaxMemoryBytes: 64 * 1024 ** 2 });
});

Deno.test("transcode job: very short valid clips (0.3 s to 1.5 s) end ready with a storyboard", async () => {
  await withWorker(async (s) => {
    const deps = { sql: s.db.sql, storage: s.storage };
    // ffmpeg's defaults for lavfi testsrc: 320×240 RGB → H.264 4:4:4, one keyframe.
    const clips: [string, string[]][] = [
      ["half.mp4", ["-f", "lavfi", "-i", "testsrc=duration=0.5"]],
      ["one_and_half.mp4", ["-f", "lavfi", "-i", "testsrc=duration=1.5"]],
      ["half_sound.mp4", ["-f", "lavfi", "-i", "testsrc=duration=0.5", ...sine(0.5)]],
      ["second_sound.mp4", ["-f", "lavfi", "-i", "testsrc=duration=1.5", ...sine(1.5)]],
      ["third.mp4", ["-f", "lavfi", "-i", "testsrc=duration=0.3", ...sine(0.3)]],
      ["short.webm", ["-f", "lavfi", "-i", "testsrc=duration=0.4:rate=30", "-c:v", "libvpx-vp9"]],
    ];
    const ids = [];
    for (const [name, args] of clips) {
      const path = `${s.dir}/${name}`;
      await new Deno.Command("ffmpeg", { args: ["-v", "error", "-y", ...args, path] }).output();
      const bytes = await Deno.readFile(path);
      const id = await createUploadedVideo(deps, bytes, { filename: `source-${name}` });
      await enqueueTranscode(s.db.sql, id);
      ids.push(id);
    }
    for (const [i, [name]] of clips.entries()) {
      const status = await waitForOutcome(s.db.sql, ids[i]);
      assert.equal(status.status, "ready", `${name}: ${status.error}`);
      assert.ok(await s.storage.head(`media/${ids[i]}/storyboard.jpg`), name);
    }
  });
});

Deno.test("transcode job: a playlist or concat list as the source ends failed and publishes nothing", async () => {
  await withWorker(async (s) => {
    const secret = await privateVideo(`${s.dir}/private.mp4`);
    const ids = [];
    for (const [, text] of hostileLists(secret)) {
      const bytes = new TextEncoder().encode(text);
      const id = await createUploadedVideo({ sql: s.db.sql, storage: s.storage }, bytes);
      await enqueueTranscode(s.db.sql, id);
      ids.push(id);
    }
    for (const id of ids) {
      const status = await waitForOutcome(s.db.sql, id);
      assert.equal(status.status, "failed");
      assert.match(status.error ?? "", /not a video that can be read/);
      assert.equal(await s.storage.head(`media/${id}/master.m3u8`), undefined);
    }
  });
});

Deno.test("transcode job: an internal error reaches the owner as a sentence without paths or OS errors", async () => {
  const s = await openTestServices();
  // The job's temp root is a file: creating the job dir fails with an OS error naming paths.
  const tmpDir = `${s.dir}/not-a-dir`;
  await Deno.writeTextFile(tmpDir, "");
  const worker = await startWorker({
    ...s,
    config: {
      ...s.config,
      worker: { ...s.config.worker, retryBaseMs: 50, maxAttempts: 2, tmpDir },
    },
  });
  try {
    const bytes = await Deno.readFile(await makeClip(`${s.dir}/a.mp4`, { durationS: 1 }));
    const id = await createUploadedVideo({ sql: s.db.sql, storage: s.storage }, bytes);
    await enqueueTranscode(s.db.sql, id);
    const status = await waitForOutcome(s.db.sql, id);
    assert.equal(status.status, "failed");
    assert.match(status.error ?? "", /internal error/);
    const [job] = await s.db.sql`select error from transcode_jobs where video_id = ${id}`;
    for (const text of [status.error ?? "", job.error]) {
      assert.doesNotMatch(text, /\/|os error|exists|Error:/i, text);
    }
  } finally {
    await worker.stop();
    await s.close();
  }
});
