import { LimitError, NotFoundError } from "../lib/errors.ts";
import { log } from "../lib/log.ts";
import { ladderArgs, planStoryboard, storyboardSpriteArgs } from "../lib/media/ffmpeg.ts";
import { measureVariant, storyboardVtt, type Variant } from "../lib/media/hls.ts";
import { planLadder } from "../lib/media/ladder.ts";
import { remuxStandsForTop } from "../lib/media/copy_rung.ts";
import { isWebSafe, probeMedia } from "../lib/media/probe.ts";
import { publicError } from "../lib/media/public_reason.ts";
import { HlsPublisher, publishWhile } from "../lib/media/publish.ts";
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
import { deletePrefix } from "../lib/videos/manage.ts";
import { sourceFacts, type TranscodeContext } from "../lib/videos/transcode_job.ts";
import { makeJobDir, throttledProgress } from "./_job_files.ts";
import { planProgress, ProgressTracker } from "../lib/videos/transcode_progress.ts";
import type { ProcessingStage } from "../lib/shared/processing_stage.ts";
import { publishLowRung, publishRemux } from "./_first_playable.ts";
import {
  download,
  ffmpegOptions,
  makePoster,
  nominalVariant,
  posterTime,
  putMaster,
  type Run,
  type TranscodeDeps,
} from "./_transcode_parts.ts";

export type { TranscodeDeps } from "./_transcode_parts.ts";

/**
 * The transcode job: source → probe → budget (MEDIA_MAX_PIXELS; the time
 * limit from the measured cost) → a first playable version published as it
 * grows (web-safe: the remux; else the lowest rung, beside the ladder) →
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
    const pub = new HlsPublisher(storage, {
      localDir: `${tmp}/out`,
      prefix: mediaPrefix(job.videoId),
    });
    const run: Run = { deps, ctx, info, tmp, source, signal, progress, pub, playable: false };
    log("info", "transcode planned", { jobId: job.id, videoId: job.videoId, fast });
    const rungs = planLadder(info);
    const remux = fast ? await publishRemux(run, rungs[0]) : undefined;
    await encodeLadder(run, {
      lowFirst: !fast,
      posterKey: remux?.posterKey,
      // A remux that is the top rung exactly stands for it: that rung is not encoded.
      top: remux && remuxStandsForTop(info, rungs, remux.list) ? remux.remux : undefined,
    });
  } catch (err) {
    // Deleted while we worked (the cancel reached us late): remove what we wrote.
    if (!await catalog.exists()) await deletePrefix(storage, mediaPrefix(job.videoId));
    throw err;
  } finally {
    clearTimeout(limitTimer);
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
  }
}

/**
 * The ladder from one decode, its segments published as ffmpeg writes them;
 * without a first playable version yet (`lowFirst`), the lowest rung comes
 * first from a process of its own (_first_playable.ts). Then the final master
 * (every rung, measured bandwidths), the previews, and the clean-up.
 */
async function encodeLadder(
  run: Run,
  options: { lowFirst: boolean; posterKey?: string; top?: Variant },
) {
  const { deps, info, tmp } = run;
  const videoId = run.ctx.job.videoId;
  const prefix = mediaPrefix(videoId);
  const rungs = planLadder(info);
  const low = options.lowFirst && rungs.length > 1 ? rungs[rungs.length - 1] : undefined;
  const encoded = rungs.slice(options.top ? 1 : 0, low ? -1 : undefined);
  const names = encoded.map((r) => r.name);
  const outDir = `${tmp}/out`;
  const pub = run.pub;
  const storyboard = planStoryboard(info.durationS, {
    width: info.video.displayWidth,
    height: info.video.displayHeight,
  });
  // The low rung and the ladder stop together: either one failing ends the other.
  const siblings = new AbortController();
  const signal = AbortSignal.any([run.signal, siblings.signal]);
  // The low rung gets the CPU to itself until it plays (a 1080p ladder beside it slowed its
  // first segments several-fold on a busy host); the ladder starts right after.
  let lowPlayable = () => {};
  const lowAhead = new Promise<void>((resolve) => lowPlayable = resolve);
  const lowTask = low
    ? publishLowRung(run, { rung: low, signal, onPlayable: () => lowPlayable() })
    : undefined;
  const head = lowTask ? Promise.race([lowAhead, lowTask.then(() => {}, () => {})]) : undefined;
  const ladder = publishWhile(pub, names, {
    work: async () => {
      await head;
      signal.throwIfAborted();
      await runFfmpeg(
        ladderArgs(run.source, {
          rungs: encoded,
          outDir,
          preset: deps.config.media.preset,
          sourceFps: info.video.fps,
          hasAudio: !!info.audio,
          storyboard: { plan: storyboard, path: `${outDir}/${MEDIA_FILES.storyboardImage}` },
          maxDimension: deps.config.media.maxDimension,
        }),
        {
          ...ffmpegOptions(run, signal),
          durationS: info.durationS,
          onProgress: (f) =>
            run.progress("encoding", f, run.playable ? undefined : "first_playable"),
        },
      );
    },
    everyMs: () => 1500,
    onRound: async (lists) => {
      if (run.playable || low || lists.size < names.length) return;
      // Every rung has its first segments: publish the master with nominal bandwidths.
      await putMaster(run, pub, { names, variants: encoded.map(nominalVariant) });
      log("info", "video playable (progressive)", { videoId });
    },
    signal,
    logFields: { videoId },
  });
  const tasks = [ladder, ...(lowTask ? [lowTask] : [])];
  const settled = await Promise.allSettled(tasks.map((t) =>
    t.catch((err) => {
      siblings.abort(err);
      throw err;
    })
  ));
  run.signal.throwIfAborted();
  for (const s of settled) if ("reason" in s) throw s.reason; // the first task that failed
  run.progress("previews", 0);
  const own = options.top ? rungs.slice(1) : rungs;
  const lists = await pub.sync(own.map((r) => r.name), { final: true });
  const variants: Variant[] = options.top ? [options.top] : [];
  for (const r of own) {
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
  await runFfmpeg(storyboardSpriteArgs(sprite, storyboard), ffmpegOptions(run));
  await pub.putFile(MEDIA_FILES.storyboardImage);
  run.progress("previews", 0.7);
  await pub.putText(
    MEDIA_FILES.storyboardVtt,
    storyboardVtt(storyboard, {
      spriteUri: MEDIA_FILES.storyboardImage,
      durationS: info.durationS,
    }),
  );
  run.signal.throwIfAborted();
  await putMaster(run, pub, { names: rungs.map((r) => r.name), variants, posterKey });
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
