/**
 * Issue 18, P1: a video is playable long before its processing ends, whatever
 * its source. Every object the worker stores is recorded in order, so the
 * tests see what a player could read at the moment the first master appeared.
 * A slow step is real ffmpeg run with `-readrate` (through a wrapper given as
 * FFMPEG_PATH), standing in for a long source: no timing is asserted.
 */
import assert from "node:assert/strict";
import { parseMediaPlaylist } from "../lib/media/hls.ts";
import type { Storage } from "../lib/storage/types.ts";
import { enqueueTranscode } from "../lib/videos/transcode_job.ts";
import { startWorker } from "../workers/mod.ts";
import { makeClip } from "./_harness/clips.ts";
import { openTestServices } from "./_harness/services.ts";
import { createUploadedVideo, waitForOutcome } from "./_harness/videos.ts";

type Services = Awaited<ReturnType<typeof openTestServices>>;
/** One stored object: its key and, for a playlist, its text. */
type Put = { key: string; text?: string };

/** The store with every put recorded, in order. */
function recording(storage: Storage, puts: Put[]): Storage {
  return new Proxy(storage, {
    get(target, prop) {
      if (prop === "put") {
        return async (key: string, body: unknown, options?: Parameters<Storage["put"]>[2]) => {
          await target.put(key, body as Parameters<Storage["put"]>[1], options);
          puts.push({ key, text: typeof body === "string" ? body : undefined });
        };
      }
      const value = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** An ffmpeg that reads its input at `rate`× realtime when its arguments include `marker`. */
async function slowFfmpeg(dir: string, marker: string[], rate: number): Promise<string> {
  const path = `${dir}/slow-ffmpeg.sh`;
  const test = marker.map((m) => `"$a" = "${m}"`).join(" -o ");
  await Deno.writeTextFile(
    path,
    `#!/bin/sh\nfor a in "$@"; do if [ ${test} ]; then exec ffmpeg -readrate ${rate} "$@"; fi; done\n` +
      `exec ffmpeg "$@"\n`,
  );
  await Deno.chmod(path, 0o755);
  return path;
}

async function withRecordingWorker(
  ffmpeg: { marker: string[]; rate: number },
  fn: (s: Services, puts: Put[]) => Promise<void>,
) {
  const s = await openTestServices();
  const puts: Put[] = [];
  const worker = await startWorker({
    ...s,
    storage: recording(s.storage, puts),
    config: { ...s.config, ffmpegPath: await slowFfmpeg(s.dir, ffmpeg.marker, ffmpeg.rate) },
  });
  try {
    await fn(s, puts);
  } finally {
    await worker.stop();
    await s.close();
  }
}

const variantsOf = (master: string) => [...master.matchAll(/^([^#\n].*)$/gm)].map((m) => m[1]);

/** The puts before the first master, and that master's variants. */
function firstMaster(puts: Put[], id: string) {
  const at = puts.findIndex((p) => p.key === `media/${id}/master.m3u8`);
  assert.ok(at >= 0, "a master was published");
  return { before: puts.slice(0, at), variants: variantsOf(puts[at].text ?? "") };
}

/** The last text put under `key` among `puts`. */
const lastText = (puts: Put[], key: string) => puts.findLast((p) => p.key === key)?.text;

Deno.test("a web-safe source plays from its growing remux: master after the first segments, ENDLIST only at the end", async () => {
  // The remux (`-c copy`) reads at 4× realtime: 16 s of source take 4 s, like a long file.
  await withRecordingWorker({ marker: ["copy"], rate: 4 }, async (s, puts) => {
    const clip = await makeClip(`${s.dir}/long.mp4`, { durationS: 16, gop: 25 });
    const id = await createUploadedVideo(
      { sql: s.db.sql, storage: s.storage },
      await Deno.readFile(clip),
    );
    await enqueueTranscode(s.db.sql, id);
    const status = await waitForOutcome(s.db.sql, id, { timeoutMs: 120_000 });
    assert.equal(status.status, "ready", status.error ?? "");

    const { before, variants } = firstMaster(puts, id);
    assert.deepEqual(variants, ["source/index.m3u8"], "the first master lists the remux alone");
    const growing = lastText(before, `media/${id}/source/index.m3u8`);
    assert.ok(growing, "the remux playlist was out before the master");
    const list = parseMediaPlaylist(growing);
    assert.equal(list.ended, false, "the remux was still running: no ENDLIST yet");
    assert.match(growing, /#EXT-X-PLAYLIST-TYPE:EVENT/);
    assert.ok(list.segments.length >= 2, "its first segments are listed");
    for (const seg of [list.mapUri!, ...list.segments.map((x) => x.uri)]) {
      assert.ok(before.some((p) => p.key === `media/${id}/source/${seg}`), `${seg} stored first`);
    }
    // The remux then ends VOD with every segment, and the final master lists the ladder.
    const final = parseMediaPlaylist(
      await Deno.readTextFile(
        `${s.dir}/objects/media/${id}/source/index.m3u8`,
      ),
    );
    assert.ok(final.ended && final.segments.length > list.segments.length);
    const master = await Deno.readTextFile(`${s.dir}/objects/media/${id}/master.m3u8`);
    assert.deepEqual(variantsOf(master), ["180p/index.m3u8"]);
    assert.match(master, /#EXT-X-START:TIME-OFFSET=0/);
  });
});

Deno.test("a VP9 source plays from its lowest rung first while the ladder goes on; the final master adds the rest", async () => {
  // The ladder (the run that also writes the storyboard) reads at realtime; the low rung does not.
  await withRecordingWorker({ marker: ["[sb]"], rate: 1 }, async (s, puts) => {
    const clip = await makeClip(`${s.dir}/in.webm`, {
      width: 640,
      height: 360,
      durationS: 5,
      video: "vp9",
    });
    const id = await createUploadedVideo(
      { sql: s.db.sql, storage: s.storage },
      await Deno.readFile(clip),
      { filename: "source.webm" },
    );
    await enqueueTranscode(s.db.sql, id);
    const status = await waitForOutcome(s.db.sql, id, { timeoutMs: 120_000 });
    assert.equal(status.status, "ready", status.error ?? "");

    const { before, variants } = firstMaster(puts, id);
    assert.deepEqual(variants, ["240p/index.m3u8"], "the first master lists the low rung alone");
    const low = parseMediaPlaylist(lastText(before, `media/${id}/240p/index.m3u8`) ?? "");
    assert.ok(low.segments.length >= 1, "the low rung's first segments came first");
    assert.equal(low.segments[0].durationS, 1, "a 1 s first segment");
    assert.equal(
      before.some((p) => p.key === `media/${id}/360p/index.m3u8` && p.text?.includes("ENDLIST")),
      false,
      "the ladder was still encoding",
    );
    // The final master only adds rungs: the low rung stays, with the same playlist.
    const master = await Deno.readTextFile(`${s.dir}/objects/media/${id}/master.m3u8`);
    assert.deepEqual(variantsOf(master), ["240p/index.m3u8", "360p/index.m3u8"]);
    const rows = await s.db.sql`select name from renditions where video_id = ${id} order by height`;
    assert.deepEqual(rows.map((r) => r.name), ["240p", "360p"]);
    for (const rung of ["240p", "360p"]) {
      const list = parseMediaPlaylist(
        await Deno.readTextFile(`${s.dir}/objects/media/${id}/${rung}/index.m3u8`),
      );
      assert.ok(list.ended, `${rung} ends VOD`);
      // Aligned rungs: the same segment boundaries (1, 1, 2, then 4 s).
      assert.deepEqual(list.segments.map((x) => x.durationS).slice(0, 3), [1, 1, 2], rung);
    }
  });
});
