import type { Config } from "../lib/config.ts";
import { LimitError, NotFoundError } from "../lib/errors.ts";
import { log } from "../lib/log.ts";
import {
  ladderArgs,
  planStoryboard,
  posterArgs,
  remuxArgs,
  storyboardSpriteArgs,
} from "../lib/media/ffmpeg.ts";
import { masterPlaylist, measureVariant, storyboardVtt, type Variant } from "../lib/media/hls.ts";
import { planLadder, type Rung, sourceCodecs } from "../lib/media/ladder.ts";
import { isWebSafe, type MediaInfo, probeMedia } from "../lib/media/probe.ts";
import { publicError } from "../lib/media/public_reason.ts";
import { HlsPublisher } from "../lib/media/publish.ts";
import { runFfmpeg } from "../lib/media/run.ts";
import {
  CAPTIONS_DIR,
  MEDIA_FILES,
  mediaKey,
  mediaPrefix,
  REMUX_RENDITION,
  renditionPath,
  THUMBS_DIR,
} from "../lib/storage/layout.ts";
import { makeThumbnailFrames } from "./thumbnails.ts";
import type { JobStorage } from "../lib/storage/types.ts";
import { deletePrefix } from "../lib/videos/manage.ts";
import { sourceFacts, type TranscodeContext } from "../lib/videos/transcode_job.ts";
import type { TranscodeCatalog } from "../lib/videos/transcode_catalog.ts";
import type { RenditionRow } from "../lib/videos/processing.ts";
import { makeJobDir, throttledProgress } from "./_job_files.ts";
import { planProgress, ProgressTracker } from "../lib/videos/transcode_progress.ts";
import type { ProcessingStage } from "../lib/shared/processing_stage.ts";

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
  const write = throttledProgress((r) => catalog.progress(r));
  const tracker = new ProgressTracker();
  const progress: Run["progress"] = Object.assign(
    (stage: ProcessingStage, fraction: number, label?: ProcessingStage) =>
      write(tracker.update(stage, fraction, label)),
    { flush: write.flush },
  );
  try {
    const source = `${tmp}/source`;
    progress("probing", 0);
    await download(storage, sourceKey, source);
    progress("probing", 0.5);
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

    const fast = isWebSafe(info);
    write(tracker.plan(planProgress(
      { width: info.video.displayWidth, height: info.video.displayHeight, fps: info.video.fps },
      planLadder(info),
      { fast },
    )));
    const run = { deps, ctx, info, tmp, source, signal, progress };
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
  /** Reports `fraction` of `stage` done (shown as `label`, when given); flush() writes it now. */
  progress: ((stage: ProcessingStage, fraction: number, label?: ProcessingStage) => void) & {
    flush: () => Promise<void>;
  };
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
      onProgress: (f) => run.progress("first_playable", f),
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
        onProgress: (f) => run.progress("encoding", f, playable ? undefined : "first_playable"),
      },
    );
  } finally {
    clearInterval(syncTimer);
    await syncing;
  }
  signal.throwIfAborted();
  run.progress("previews", 0);
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
  const chosenKey = await makeThumbnailFrames(deps, thumbnailRun(run));
  run.progress("previews", 0.4);
  const sprite = `${outDir}/${MEDIA_FILES.storyboardImage}`;
  await runFfmpeg(storyboardSpriteArgs(sprite, storyboard), {
    ffmpegPath: deps.config.ffmpegPath,
    memoryBytes: deps.config.media.ffmpegMaxMemoryBytes,
    signal,
  });
  await pub.putFile(MEDIA_FILES.storyboardImage);
  run.progress("previews", 0.7);
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
  // Captions and thumbnails belong to the owner's edits, not to a run: they stay too.
  const keep = new Set([...pub.keys, posterKey]);
  const kept = [renditionPath(REMUX_RENDITION, ""), CAPTIONS_DIR, THUMBS_DIR];
  for await (const o of deps.storage.list(prefix)) {
    if (!keep.has(o.key) && !kept.some((p) => o.key.startsWith(mediaKey(videoId, p)))) {
      await deps.storage.delete(o.key);
    }
  }
  run.progress("previews", 1);
  await run.progress.flush();
  const stillThere = await deps.catalog.ready({
    posterKey: chosenKey ?? posterKey,
    storyboardKey: pub.keyFor(MEDIA_FILES.storyboardVtt),
  });
  if (!stillThere) await deletePrefix(deps.storage, prefix);
}

function posterTime(info: MediaInfo): number {
  return Math.min(5, info.durationS * 0.3);
}

/** The candidate thumbnails' inputs (workers/thumbnails.ts): frames at the poster and 25/50/75 %. */
function thumbnailRun(run: Run) {
  const { info, ctx, source, signal } = run;
  return {
    videoId: ctx.job.videoId,
    source,
    signal,
    dir: run.tmp,
    durationS: info.durationS,
    posterAtS: posterTime(info),
    display: { width: info.video.displayWidth, height: info.video.displayHeight },
  };
}

async function makePoster(run: Run, pub: HlsPublisher, top: Rung): Promise<string> {
  await runFfmpeg(
    posterArgs(run.source, {
      atS: posterTime(run.info),
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
