/**
 * One run of a stream's packaging (one publisher connection): an ffmpeg that
 * reads the FLV the ingest hands it on stdin and writes the live ladder as HLS
 * into a private temporary directory; every 250 ms the rungs' playlists there
 * are read, and each newly completed segment is stored (below the video's
 * media prefix), recorded in live_segments and the rung's window playlist
 * rewritten. A new run continues the numbering after a discontinuity.
 */
import type { Sql } from "../db/mod.ts";
import { log } from "../log.ts";
import type { Storage } from "../storage/mod.ts";
import { LIVE_MASTER_PATH, livePath, mediaKey } from "../storage/layout.ts";
import { liveFfmpegArgs, type PlannedRung } from "./ladder.ts";
import {
  type LiveSegment,
  parseSegmentList,
  renderLiveMaster,
  renderMediaPlaylist,
  WINDOW_SEGMENTS,
} from "./playlist.ts";
import { listSegments, recordSegment } from "./session.ts";

/** What a run needs. */
export interface RunDeps {
  sql: Sql;
  storage: Storage;
  ffmpegPath: string;
  tmpDir?: string;
  /** x264 preset of the encoded rungs (veryfast by default). */
  preset?: string;
  /** Segment length in seconds (2 by default; 1 in low-latency mode). */
  segmentS?: number;
}

/** Buffered input ffmpeg may lag behind by before the run gives up (it cannot keep up). */
const MAX_BACKLOG_BYTES = 32 * 1024 * 1024;
const POLL_MS = 250;

/** A running packaging: feed it FLV bytes, then finish() it. */
export interface LiveRun {
  write(chunk: Uint8Array): void;
  /** Ends the input, waits for ffmpeg to write its last segments and stores them. */
  finish(): Promise<void>;
}

/** Starts a run: ffmpeg and the segment poller. */
export async function startRun(
  deps: RunDeps,
  options: {
    videoId: string;
    run: number;
    rungs: PlannedRung[];
    audio: boolean;
    startedAt: number;
  },
): Promise<LiveRun> {
  const { videoId, run, rungs } = options;
  const dir = await Deno.makeTempDir({ dir: deps.tmpDir, prefix: "vf-live-" });
  for (const r of rungs) await Deno.mkdir(`${dir}/${r.name}`);
  await deps.storage.put(
    mediaKey(videoId, LIVE_MASTER_PATH),
    renderLiveMaster(rungs, { audio: options.audio }),
  );
  const state = new Map<
    string,
    { all: LiveSegment[]; done: number; pdtMs: number; next: number }
  >();
  for (const r of rungs) {
    const all = await listSegments(deps.sql, videoId, { rung: r.name });
    state.set(r.name, {
      all,
      done: 0,
      pdtMs: options.startedAt,
      next: (all.at(-1)?.seq ?? 0) + 1,
    });
  }
  const child = new Deno.Command(deps.ffmpegPath, {
    args: liveFfmpegArgs(rungs, {
      dir,
      audio: options.audio,
      preset: deps.preset,
      segmentS: deps.segmentS,
    }),
    stdin: "piped",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const stderr = new Response(child.stderr).text().catch(() => "");
  const writer = child.stdin.getWriter();
  let backlog = 0;
  let closed = false;

  const collect = async () => {
    for (const r of rungs) {
      const s = state.get(r.name)!;
      const text = await Deno.readTextFile(`${dir}/${r.name}/index.m3u8`).catch(() => "");
      const listed = parseSegmentList(text);
      for (const entry of listed.slice(s.done)) {
        const bytes = await Deno.readFile(`${dir}/${r.name}/${entry.name}`);
        const segment: LiveSegment = {
          seq: s.next,
          run,
          durationMs: entry.durationMs,
          pdt: new Date(s.pdtMs),
          name: `r${run}_${String(s.next).padStart(6, "0")}.ts`,
        };
        await deps.storage.put(mediaKey(videoId, livePath(r.name, segment.name)), bytes);
        s.all.push(segment);
        s.done++;
        s.next++;
        s.pdtMs += entry.durationMs;
        await deps.storage.put(
          mediaKey(videoId, livePath(r.name, "index.m3u8")),
          renderMediaPlaylist(s.all, { window: WINDOW_SEGMENTS }),
        );
        await recordSegment(deps.sql, videoId, { ...segment, rung: r.name });
        await Deno.remove(`${dir}/${r.name}/${entry.name}`).catch(() => {});
      }
    }
  };
  let polling: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    polling = polling.then(collect).catch((err) =>
      log("warn", "live segment upload failed", { videoId, err })
    );
  }, POLL_MS);

  const kill = () => {
    try {
      child.kill("SIGKILL");
    } catch { /* gone */ }
  };
  return {
    write(chunk) {
      if (closed) return;
      if (backlog > MAX_BACKLOG_BYTES) {
        log("warn", "live packaging cannot keep up; dropping the run", { videoId, run });
        closed = true;
        kill();
        return;
      }
      backlog += chunk.byteLength;
      writer.write(chunk).then(() => backlog -= chunk.byteLength, () => closed = true);
    },
    async finish() {
      closed = true;
      await writer.close().catch(() => {});
      const exited = await Promise.race([
        child.status,
        new Promise<undefined>((r) => setTimeout(r, 15_000)),
      ]);
      if (!exited) kill();
      else if (!exited.success) {
        log("warn", "live ffmpeg ended with an error", { videoId, run, err: await stderr });
      }
      clearInterval(timer);
      await polling;
      await collect().catch((err) => log("warn", "live segment upload failed", { videoId, err }));
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    },
  };
}
