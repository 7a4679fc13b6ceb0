/**
 * Issue 18, P2: a web-safe source that already is the ladder's top rung (same
 * size and frame rate, keyframes on every 4 s, a sane bitrate) is not encoded
 * again: its remux stands for that rung in the final master. A source whose
 * keyframes do not line up gets the rung encoded as before.
 */
import assert from "node:assert/strict";
import { parseMediaPlaylist } from "../lib/media/hls.ts";
import { enqueueTranscode } from "../lib/videos/transcode_job.ts";
import { startWorker } from "../workers/mod.ts";
import { makeClip } from "./_harness/clips.ts";
import { openTestServices } from "./_harness/services.ts";
import { createUploadedVideo, waitForOutcome } from "./_harness/videos.ts";

Deno.test("a web-safe source that is the top rung stands for it; a misaligned one is encoded", async () => {
  const s = await openTestServices();
  const worker = await startWorker(s);
  try {
    const deps = { sql: s.db.sql, storage: s.storage };
    // 640×360 at 25 fps: rungs 360p and 240p. Keyframes every 2 s line up with 4 s segments;
    // every 5 s they do not (the remux's segments are then 5 s).
    const clip = { width: 640, height: 360, durationS: 9, preset: "veryfast" };
    const aligned = await createUploadedVideo(
      deps,
      await Deno.readFile(await makeClip(`${s.dir}/a.mp4`, { ...clip, gop: 50 })),
    );
    const misaligned = await createUploadedVideo(
      deps,
      await Deno.readFile(await makeClip(`${s.dir}/m.mp4`, { ...clip, gop: 125 })),
    );
    for (const id of [aligned, misaligned]) await enqueueTranscode(s.db.sql, id);
    const master: Record<string, string> = {};
    for (const id of [aligned, misaligned]) {
      const status = await waitForOutcome(s.db.sql, id, { timeoutMs: 120_000 });
      assert.equal(status.status, "ready", status.error ?? "");
      master[id] = await Deno.readTextFile(`${s.dir}/objects/media/${id}/master.m3u8`);
    }
    const variants = (text: string) => [...text.matchAll(/^([^#\n].*)$/gm)].map((m) => m[1]);
    assert.deepEqual(variants(master[aligned]), ["240p/index.m3u8", "source/index.m3u8"]);
    assert.match(master[aligned], /RESOLUTION=640x360,FRAME-RATE=25\.000,CODECS="avc1\.64/);
    assert.equal(await s.storage.head(`media/${aligned}/360p/index.m3u8`), undefined);
    const rows = await s.db.sql`
      select name, playlist_key from renditions where video_id = ${aligned} order by height`;
    assert.deepEqual(rows.map((r) => [r.name, r.playlist_key]), [
      ["240p", `media/${aligned}/240p/index.m3u8`],
      ["360p", `media/${aligned}/source/index.m3u8`],
    ]);
    // The copy's segment boundaries (every 4 s) are among the encoded rung's (1, 2, then every 4 s).
    const ends = async (key: string) => {
      const list = parseMediaPlaylist(await Deno.readTextFile(`${s.dir}/objects/${key}`));
      assert.ok(list.ended, key);
      let t = 0;
      return list.segments.map((x) => Math.round((t += x.durationS) * 1000) / 1000);
    };
    const low = await ends(`media/${aligned}/240p/index.m3u8`);
    for (const end of await ends(`media/${aligned}/source/index.m3u8`)) {
      assert.ok(low.includes(end), `${end} s is a boundary of 240p too (${low})`);
    }
    assert.deepEqual(variants(master[misaligned]), ["240p/index.m3u8", "360p/index.m3u8"]);
  } finally {
    await worker.stop();
    await s.close();
  }
});
