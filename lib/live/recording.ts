/**
 * What happens once a stream has ended (the `live_finish` job): its
 * playlists are closed (EXT-X-ENDLIST: the live URL now plays as a replay),
 * and, when the owner kept "save the recording" on, the source rung's segments
 * are joined into one MP4 (a stream copy, no encode), stored as the video's
 * source, and queued for the usual transcode: full ladder, poster, storyboard.
 * The transcode's clean-up then removes the live files.
 */
import type { Sql } from "../db/mod.ts";
import { log } from "../log.ts";
import { runFfmpeg } from "../media/run.ts";
import type { Storage } from "../storage/mod.ts";
import { livePath, mediaKey, sourceKey } from "../storage/layout.ts";
import { queueTranscode } from "../videos/manage.ts";
import { STATE, transition } from "../videos/lifecycle.ts";
import type { TranscodeBudget } from "../videos/transcode_job.ts";
import { listSegments } from "./session.ts";
import { renderMediaPlaylist } from "./playlist.ts";
import { findStream } from "./streams.ts";

/** What finishing a stream needs. */
export interface FinishDeps {
  sql: Sql;
  storage: Storage;
  ffmpegPath: string;
  tmpDir?: string;
  budget?: TranscodeBudget;
}

/** How long finishing waits for the ingest to flush its last segments and let go. */
const RELEASE_WAIT_MS = 20_000;

/** Closes an ended stream's playlists and queues its recording (see the module's comment). */
export async function finishStream(
  deps: FinishDeps,
  videoId: string,
  options: { signal?: AbortSignal } = {},
): Promise<"recorded" | "closed" | "gone"> {
  await waitForRelease(deps.sql, videoId, options.signal);
  const stream = await findStream(deps.sql, videoId);
  if (!stream) return "gone";
  const rungs = await deps.sql<{ rung: string }[]>`
    select distinct rung from live_segments where video_id = ${videoId}`;
  for (const { rung } of rungs) {
    const segments = await listSegments(deps.sql, videoId, { rung });
    await deps.storage.put(
      mediaKey(videoId, livePath(rung, "index.m3u8")),
      renderMediaPlaylist(segments, { ended: true }),
    );
  }
  const source = rungs.length ? await listSegments(deps.sql, videoId, { rung: "src" }) : [];
  if (!stream.saveRecording || !source.length) return "closed";
  const dir = await Deno.makeTempDir({ dir: deps.tmpDir, prefix: "vf-live-" });
  try {
    const list: string[] = [];
    for (const s of source) {
      const obj = await deps.storage.get(mediaKey(videoId, livePath("src", s.name)));
      if (!obj) continue;
      const file = `${dir}/${s.seq}.ts`;
      await Deno.writeFile(file, obj.body);
      list.push(`file '${file}'`);
    }
    await Deno.writeTextFile(`${dir}/list.txt`, list.join("\n") + "\n");
    const out = `${dir}/recording.mp4`;
    await runFfmpeg([
      "-hide_banner",
      "-loglevel",
      "error",
      "-f",
      "concat",
      "-safe",
      "0",
      "-i",
      `${dir}/list.txt`,
      "-c",
      "copy",
      "-movflags",
      "+faststart",
      "-y",
      out,
    ], { ffmpegPath: deps.ffmpegPath, signal: options.signal });
    const size = (await Deno.stat(out)).size;
    const file = await Deno.open(out);
    await deps.storage.put(sourceKey(videoId), file.readable, {
      size,
      contentType: "video/mp4",
    });
    const durationS = source.reduce((n, s) => n + s.durationMs, 0) / 1000;
    const [facts] = await deps.sql<{ height: number | null }[]>`
      select source_height as height from live_streams where video_id = ${videoId}`;
    const height = facts?.height ?? 720;
    const width = Math.round(height * 16 / 9 / 2) * 2;
    const moved = await deps.sql.begin(async (tx) => {
      const from = await transition(tx, videoId, {
        to: STATE.uploaded,
        from: [STATE.live_ended],
        ifAllowed: true,
      });
      if (!from) return false;
      await tx`update videos set source_key = ${sourceKey(videoId)}, source_size = ${size},
        mime_type = 'video/mp4', duration_s = ${durationS} where id = ${videoId}`;
      return true;
    });
    if (!moved) return "closed";
    await queueTranscode({ sql: deps.sql, budget: deps.budget }, videoId, {
      facts: { durationS, width, height, fps: 30 },
    });
    log("info", "live recording queued", { videoId, durationS, size });
    return "recorded";
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

async function waitForRelease(sql: Sql, videoId: string, signal?: AbortSignal): Promise<void> {
  const until = Date.now() + RELEASE_WAIT_MS;
  while (Date.now() < until) {
    signal?.throwIfAborted();
    const [row] = await sql<{ held: boolean }[]>`
      select (publisher_id is not null and lease_until > now()) as held
      from live_streams where video_id = ${videoId}`;
    if (!row?.held) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}
