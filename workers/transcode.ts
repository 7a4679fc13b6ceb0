import type { Config } from "../lib/config.ts";
import { LimitError, NotFoundError } from "../lib/errors.ts";
import { log } from "../lib/log.ts";
import { ladderArgs, planStoryboard, posterArgs, remuxArgs } from "../lib/media/ffmpeg.ts";
import { masterPlaylist, measureVariant, storyboardVtt, type Variant } from "../lib/media/hls.ts";
import { planLadder, type Rung, sourceCodecs } from "../lib/media/ladder.ts";
import { isWebSafe, type MediaInfo, probeMedia } from "../lib/media/probe.ts";
import { publicError } from "../lib/media/public_reason.ts";
import { HlsPublisher } from "../lib/media/publish.ts";
import { runFfmpeg } from "../lib/media/run.ts";
import {
  MEDIA_FILES,
  mediaKey,
  mediaPrefix,
  REMUX_RENDITION,
  renditionPath,
} from "../lib/storage/layout.ts";
import type { JobStorage } from "../lib/storage/types.ts";
import { deletePrefix } from "../lib/videos/manage.ts";
import { sourceFacts, type TranscodeContext } from "../lib/videos/transcode_job.ts";
import type { TranscodeCatalog } from "../lib/videos/transcode_catalog.ts";
import type { RenditionRow } from "../lib/videos/processing.ts";
import { makeJobDir, throttledProgress } from "./_job_files.ts";

/**
 * What the transcode handler needs for one job: its side of the catalog and
 * the storage it reads the source from and writes outputs to. In a worker
 * both are direct (Postgres, the store); on a remote runner both go through
 * the web tier's runner API (workers/_runner_api.ts), so this file is the
 * same in both places.
 */
export interface TranscodeDeps {
  catalog: TranscodeCatalog;
  storage: JobStorage;
  config: Pick<Config, "ffmpegPath" | "ffprobePath" | "media" | "worker">;
}

/** Share of the progress bar the remux takes on the fast path. */
const REMUX_SHARE = 5;

/**
 * The transcode job: source → probe → budget (MEDIA_MAX_PIXELS; the time
 * limit from the measured cost) → (web-safe: remux published at once) →
 * one-decode ladder published progressively → poster, storyboard → master →
 * `ready`. Re-running it overwrites its own outputs and removes the ones a
 * previous run left that this one did not write. Temporary files go on every
 * outcome. What it throws carries a sentence for a person (publicError()):
 * the job's error and the video's reason are shown to its owner.
 */
export async function transcodeJob(deps: TranscodeDeps, ctx: TranscodeContext): Promise<void> {
  try {
    await transcode(deps, ctx);
  } catch (err) {
    const { id: jobId, videoId } = ctx.job;
    throw ctx.signal.aborted ? err : publicError(err, { jobId, videoId });
  }
}

async function transcode(deps: TranscodeDeps, ctx: TranscodeContext): Promise<void> {
  const { catalog, storage, config } = deps;
  const { job } = ctx;
  const sourceKey = await catalog.source();
  if (sourceKey === undefined) return; // deleted since it was queued: nothing to do
  if (!sourceKey) throw new NotFoundError("The video has no uploaded source file.");
  if (!await catalog.started()) return;

  const tmp = await makeJobDir(config.worker.tmpDir, job.id);
  const limit = new AbortController();
  let limitTimer: ReturnType<typeof setTimeout> | undefined;
  const signal = AbortSignal.any([ctx.signal, limit.signal]);
  const progress = throttledProgress((p) => catalog.progress(p));
  try {
    const source = `${tmp}/source`;
    await download(storage, sourceKey, source);
    signal.throwIfAborted();
    const info = await probeMedia(source, {
      ffprobePath: config.ffprobePath,
      limits: config.media,
    });
    // Budgeted again by what this probe measured, whatever the upload recorded (nothing, when its
    // inspection could not run): over MEDIA_MAX_PIXELS is refused here (LimitError, no retry).
    const budget = await catalog.measured(sourceFacts(info));
    const limitS = Math.round(budget.timeLimitMs / 100) / 10;
    limitTimer = setTimeout(() => {
      limit.abort(new LimitError(`Processing took longer than its ${limitS} s limit.`));
    }, Math.min(budget.timeLimitMs, 2 ** 31 - 1));

    const run = { deps, ctx, info, tmp, source, signal, progress };
    const fast = isWebSafe(info);
    log("info", "transcode planned", { jobId: job.id, videoId: job.videoId, fast });
    const posterKey = fast ? await publishRemux(run) : undefined;
    await encodeLadder(run, { alreadyPlayable: fast, posterKey });
  } catch (err) {
    // Deleted while we worked (the cancel reached us late): remove what we wrote.
    if (!await catalog.exists()) await deletePrefix(storage, mediaPrefix(job.videoId));
    throw err;
  } finally {
    clearTimeout(limitTimer);
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
  }
}

interface Run {
  deps: TranscodeDeps;
  ctx: TranscodeContext;
  info: MediaInfo;
  tmp: string;
  source: string;
  signal: AbortSignal;
  progress: ReturnType<typeof throttledProgress>;
}

/** Fast path: the source repackaged as HLS, listed alone in the master so it plays at once. */
async function publishRemux(run: Run): Promise<string> {
  const { deps, info, tmp, signal } = run;
  const videoId = run.ctx.job.videoId;
  await runFfmpeg(
    remuxArgs(run.source, { outDir: `${tmp}/out`, name: REMUX_RENDITION, hasAudio: !!info.audio }),
    {
      ffmpegPath: deps.config.ffmpegPath,
      memoryBytes: deps.config.media.ffmpegMaxMemoryBytes,
      signal,
      durationS: info.durationS,
      onProgress: (f) => run.progress(f * REMUX_SHARE),
    },
  );
  const pub = new HlsPublisher(deps.storage, {
    localDir: `${tmp}/out`,
    prefix: mediaPrefix(videoId),
  });
  const playlist = (await pub.sync([REMUX_RENDITION], { final: true })).get(REMUX_RENDITION);
  if (!playlist) throw new Error("The remux produced no segments.");
  const m = await measureVariant(`${tmp}/out/${REMUX_RENDITION}`, playlist);
  const posterKey = await makePoster(run, pub, planLadder(info)[0]);
  const variant: Variant = {
    uri: renditionPath(REMUX_RENDITION, MEDIA_FILES.variantPlaylist),
    ...m,
    width: info.video.displayWidth,
    height: info.video.displayHeight,
    fps: info.video.fps,
    codecs: sourceCodecs(info),
  };
  await pub.putText(MEDIA_FILES.master, masterPlaylist([variant]));
  await deps.catalog.publishMaster({
    masterKey: pub.keyFor(MEDIA_FILES.master),
    posterKey,
    renditions: [rowFor(REMUX_RENDITION, variant, pub)],
  });
  log("info", "video playable (remux)", { videoId });
  return posterKey;
}

/** The ladder from one decode; its segments are published as ffmpeg writes them. */
async function encodeLadder(run: Run, options: { alreadyPlayable: boolean; posterKey?: string }) {
  const { deps, info, tmp, signal } = run;
  const videoId = run.ctx.job.videoId;
  const prefix = mediaPrefix(videoId);
  const rungs = planLadder(info);
  const names = rungs.map((r) => r.name);
  const outDir = `${tmp}/out`;
  const pub = new HlsPublisher(deps.storage, { localDir: outDir, prefix });
  const storyboard = planStoryboard(info.durationS, {
    width: info.video.displayWidth,
    height: info.video.displayHeight,
  });
  const base = options.alreadyPlayable ? REMUX_SHARE : 0;
  let playable = options.alreadyPlayable;
  let syncing = Promise.resolve();
  const syncTimer = setInterval(() => {
    syncing = syncing.then(async () => {
      if (signal.aborted) return;
      const lists = await pub.sync(names);
      if (playable || lists.size < names.length) return;
      // Every rung has its first segments: publish the master with nominal bandwidths.
      const variants = rungs.map((r) => nominalVariant(r));
      await pub.putText(MEDIA_FILES.master, masterPlaylist(variants));
      await deps.catalog.publishMaster({
        masterKey: pub.keyFor(MEDIA_FILES.master),
        renditions: rungs.map((r, i) => rowFor(r.name, variants[i], pub)),
      });
      playable = true;
      log("info", "video playable (progressive)", { videoId });
    }).catch((err) => log("warn", "progressive publish failed; will retry", { videoId, err }));
  }, 1500);
  try {
    await runFfmpeg(
      ladderArgs(run.source, {
        rungs,
        outDir,
        preset: deps.config.media.preset,
        sourceFps: info.video.fps,
        hasAudio: !!info.audio,
        storyboard: { plan: storyboard, path: `${outDir}/${MEDIA_FILES.storyboardImage}` },
        maxDimension: deps.config.media.maxDimension,
      }),
      {
        ffmpegPath: deps.config.ffmpegPath,
        memoryBytes: deps.config.media.ffmpegMaxMemoryBytes,
        signal,
        durationS: info.durationS,
        onProgress: (f) => run.progress(base + f * (98 - base)),
      },
    );
  } finally {
    clearInterval(syncTimer);
    await syncing;
  }
  signal.throwIfAborted();
  const lists = await pub.sync(names, { final: true });
  const variants: Variant[] = [];
  for (const r of rungs) {
    const playlist = lists.get(r.name);
    if (!playlist) throw new Error(`The ${r.name} rendition produced no segments.`);
    const m = await measureVariant(`${outDir}/${r.name}`, playlist);
    variants.push({
      ...nominalVariant(r),
      bandwidth: m.bandwidth,
      averageBandwidth: m.averageBandwidth,
    });
  }
  const posterKey = options.posterKey ?? await makePoster(run, pub, rungs[0]);
  await pub.putFile(MEDIA_FILES.storyboardImage);
  await pub.putText(
    MEDIA_FILES.storyboardVtt,
    storyboardVtt(storyboard, {
      spriteUri: MEDIA_FILES.storyboardImage,
      durationS: info.durationS,
    }),
  );
  signal.throwIfAborted();
  await pub.putText(MEDIA_FILES.master, masterPlaylist(variants));
  await deps.catalog.publishMaster({
    masterKey: pub.keyFor(MEDIA_FILES.master),
    posterKey,
    renditions: rungs.map((r, i) => rowFor(r.name, variants[i], pub)),
  });
  // Objects of an earlier run that this one did not write (a changed ladder). The
  // remux of the fast path stays: players that started on it keep playing.
  const keep = new Set([...pub.keys, posterKey]);
  for await (const o of deps.storage.list(prefix)) {
    if (
      !keep.has(o.key) && !o.key.startsWith(mediaKey(videoId, renditionPath(REMUX_RENDITION, "")))
    ) {
      await deps.storage.delete(o.key);
    }
  }
  await run.progress.flush();
  const stillThere = await deps.catalog.ready({
    posterKey,
    storyboardKey: pub.keyFor(MEDIA_FILES.storyboardVtt),
  });
  if (!stillThere) await deletePrefix(deps.storage, prefix);
}

async function makePoster(run: Run, pub: HlsPublisher, top: Rung): Promise<string> {
  await runFfmpeg(
    posterArgs(run.source, {
      atS: Math.min(5, run.info.durationS * 0.3),
      width: top.width,
      height: top.height,
      path: `${run.tmp}/out/${MEDIA_FILES.poster}`,
      maxDimension: run.deps.config.media.maxDimension,
    }),
    {
      ffmpegPath: run.deps.config.ffmpegPath,
      memoryBytes: run.deps.config.media.ffmpegMaxMemoryBytes,
      signal: run.signal,
    },
  );
  await pub.putFile(MEDIA_FILES.poster);
  return pub.keyFor(MEDIA_FILES.poster);
}

function nominalVariant(r: Rung): Variant {
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

function rowFor(name: string, v: Variant, pub: HlsPublisher): RenditionRow {
  return {
    name,
    width: v.width,
    height: v.height,
    bitrate: Math.round(v.averageBandwidth),
    codecs: v.codecs,
    playlistKey: pub.keyFor(v.uri),
  };
}

async function download(storage: JobStorage, key: string, path: string): Promise<void> {
  const obj = await storage.get(key);
  if (!obj) throw new NotFoundError("The uploaded source file is missing from storage.");
  const file = await Deno.open(path, { write: true, create: true, truncate: true });
  await obj.body.pipeTo(file.writable);
}
