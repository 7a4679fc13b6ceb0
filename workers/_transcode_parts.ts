/**
 * What the transcode's steps share (workers/transcode.ts, workers/_first_playable.ts): the
 * run's context, the poster, and the master's variants and rows.
 */
import type { Config } from "../lib/config.ts";
import { NotFoundError } from "../lib/errors.ts";
import { posterArgs } from "../lib/media/ffmpeg.ts";
import { masterPlaylist, type Variant } from "../lib/media/hls.ts";
import type { Rung } from "../lib/media/ladder.ts";
import type { MediaInfo } from "../lib/media/probe.ts";
import type { HlsPublisher } from "../lib/media/publish.ts";
import { runFfmpeg } from "../lib/media/run.ts";
import type { ProcessingStage } from "../lib/shared/processing_stage.ts";
import { MEDIA_FILES, renditionPath } from "../lib/storage/layout.ts";
import type { JobStorage, Storage } from "../lib/storage/types.ts";
import type { RenditionRow } from "../lib/videos/processing.ts";
import type { TranscodeCatalog } from "../lib/videos/transcode_catalog.ts";
import type { TranscodeContext } from "../lib/videos/transcode_job.ts";

/**
 * What the transcode handler needs for one job: its side of the catalog and
 * the storage it reads the source from and writes outputs to. In a worker
 * both are direct (Postgres, the store); on a remote runner both go through
 * the web tier's runner API (workers/_runner_http.ts), so the handler is the
 * same in both places.
 */
export interface TranscodeDeps {
  catalog: TranscodeCatalog;
  storage: JobStorage;
  config: Pick<Config, "ffmpegPath" | "ffprobePath" | "media" | "worker">;
}

/** One transcode in progress: its inputs, temp dir and progress reporting. */
export interface Run {
  deps: TranscodeDeps;
  ctx: TranscodeContext;
  info: MediaInfo;
  tmp: string;
  source: string;
  signal: AbortSignal;
  /** Reports `fraction` of `stage` done (shown as `label`, when given); flush() writes it now. */
  progress: ((stage: ProcessingStage, fraction: number, label?: ProcessingStage) => void) & {
    flush: () => Promise<void>;
  };
  /** The one publisher of the run's outputs (its `keys` are what the run wrote). */
  pub: HlsPublisher;
  /** Set once a master is published: the video plays from then on. */
  playable: boolean;
}

/** The options every ffmpeg of a run takes: its binary, memory cap and abort signal. */
export function ffmpegOptions(run: Run, signal = run.signal) {
  const { config } = run.deps;
  return { ffmpegPath: config.ffmpegPath, memoryBytes: config.media.ffmpegMaxMemoryBytes, signal };
}

/** When the poster frame is taken: 5 s in, or 30 % of a shorter clip. */
export function posterTime(info: MediaInfo): number {
  return Math.min(5, info.durationS * 0.3);
}

/** Writes and stores the poster (the top rung's size); returns its key. */
export async function makePoster(run: Run, pub: HlsPublisher, top: Rung): Promise<string> {
  await runFfmpeg(
    posterArgs(run.source, {
      atS: posterTime(run.info),
      width: top.width,
      height: top.height,
      path: `${run.tmp}/out/${MEDIA_FILES.poster}`,
      maxDimension: run.deps.config.media.maxDimension,
    }),
    ffmpegOptions(run),
  );
  await pub.putFile(MEDIA_FILES.poster);
  return pub.keyFor(MEDIA_FILES.poster);
}

/** A rung's variant with its nominal bitrates (before its segments can be measured). */
export function nominalVariant(r: Rung): Variant {
  const total = r.videoBitrate + r.audioBitrate;
  return {
    uri: renditionPath(r.name, MEDIA_FILES.variantPlaylist),
    bandwidth: total,
    averageBandwidth: total,
    width: r.width,
    height: r.height,
    fps: r.fps,
    codecs: r.codecs,
  };
}

/** The renditions row of a variant named `name`. */
export function rowFor(name: string, v: Variant, pub: HlsPublisher): RenditionRow {
  return {
    name,
    width: v.width,
    height: v.height,
    bitrate: Math.round(v.averageBandwidth),
    codecs: v.codecs,
    playlistKey: pub.keyFor(v.uri),
  };
}

/** Stores the master listing `variants` (named `names`, in order) and records it. */
export async function putMaster(
  run: Run,
  pub: HlsPublisher,
  listed: { names: string[]; variants: Variant[]; posterKey?: string },
): Promise<void> {
  await pub.putText(MEDIA_FILES.master, masterPlaylist(listed.variants));
  await run.deps.catalog.publishMaster({
    masterKey: pub.keyFor(MEDIA_FILES.master),
    posterKey: listed.posterKey,
    renditions: listed.names.map((n, i) => rowFor(n, listed.variants[i], pub)),
  });
  run.playable = true;
}

/**
 * Puts the source object at `path`. A store on this host's disk (local mode)
 * lends its file as a hard link: no copy, so a source of any length is ready
 * at once (issue 18, P1: copying 1.5 GB took 6–19 s on a loaded machine).
 * The job only ever reads it, and the link goes with the job's directory.
 * Elsewhere (S3, a remote runner, another filesystem) the object is copied.
 */
export async function download(
  storage: JobStorage & Partial<Pick<Storage, "localPath">>,
  key: string,
  path: string,
): Promise<void> {
  const local = storage.localPath?.(key);
  if (local) {
    try {
      await Deno.link(local, path);
      return;
    } catch { /* another filesystem, or gone: copy (or find it missing) below */ }
  }
  const obj = await storage.get(key);
  if (!obj) throw new NotFoundError("The uploaded source file is missing from storage.");
  const file = await Deno.open(path, { write: true, create: true, truncate: true });
  await obj.body.pipeTo(file.writable);
}
