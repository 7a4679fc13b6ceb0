/**
 * The first playable version of a video, published within seconds of pickup
 * at any length (issue 18, P1):
 *
 * - a web-safe source is remuxed (`-c copy`) and published as it grows: the
 *   master appears once the remux has its first segments, and the remux's
 *   playlist becomes VOD when the remux ends;
 * - any other source gets its lowest rung encoded in a process of its own
 *   beside the ladder (a fast preset; 1 s first segments), published the same
 *   way. That rung is a rung of the final ladder, so the final master only
 *   adds variants to the first one and a player that started on it keeps it.
 */
import { ladderArgs, remuxArgs } from "../lib/media/ffmpeg.ts";
import { measureVariant, type MediaPlaylist, type Variant } from "../lib/media/hls.ts";
import { type Rung, sourceCodecs } from "../lib/media/ladder.ts";
import { publishWhile } from "../lib/media/publish.ts";
import { runFfmpeg } from "../lib/media/run.ts";
import { log } from "../lib/log.ts";
import { MEDIA_FILES, REMUX_RENDITION, renditionPath } from "../lib/storage/layout.ts";
import {
  ffmpegOptions,
  makePoster,
  nominalVariant,
  putMaster,
  type Run,
} from "./_transcode_parts.ts";

/** Segments a first rung must list before the master names it (it then keeps ahead of a player). */
const FIRST_SEGMENTS = 2;
/** How often to look for the first segments, then for more. */
const FIRST_POLL_MS = 150;
const POLL_MS = 1500;
/** The slowest x264 preset the first rung uses: it must start fast whatever FFMPEG_PRESET says. */
const FAST_PRESETS = ["ultrafast", "superfast", "veryfast"];

/**
 * Remuxes a web-safe source into the `source` rendition, publishing it as it
 * grows; the master lists it alone from its first segments on. The poster is
 * made meanwhile and joins the master once the remux is whole. Returns the
 * poster's key, the remux's variant (measured) and its final playlist.
 */
export async function publishRemux(
  run: Run,
  top: Rung,
): Promise<{ posterKey: string; remux: Variant; list: MediaPlaylist }> {
  const { info, tmp, pub } = run;
  // The poster is not waited for: the first master goes out without it, the last one with it.
  const poster = makePoster(run, pub, top);
  poster.catch(() => {}); // its failure is thrown where it is awaited, never left unhandled
  try {
    const publish = async (list: MediaPlaylist, posterKey?: string) => {
      const m = await measureVariant(`${tmp}/out/${REMUX_RENDITION}`, list);
      const remux: Variant = {
        uri: renditionPath(REMUX_RENDITION, MEDIA_FILES.variantPlaylist),
        bandwidth: m.bandwidth,
        averageBandwidth: m.averageBandwidth,
        width: info.video.displayWidth,
        height: info.video.displayHeight,
        fps: info.video.fps,
        codecs: sourceCodecs(info),
      };
      await putMaster(run, pub, { names: [REMUX_RENDITION], posterKey, variants: [remux] });
      return remux;
    };
    const list = await publishGrowing(run, {
      variant: REMUX_RENDITION,
      work: () =>
        runFfmpeg(
          remuxArgs(run.source, {
            outDir: `${tmp}/out`,
            name: REMUX_RENDITION,
            hasAudio: !!info.audio,
          }),
          {
            ...ffmpegOptions(run),
            durationS: info.durationS,
            onProgress: (f) => run.progress("first_playable", f),
          },
        ),
      publish: async (first) => {
        await publish(first);
        log("info", "video playable (remux)", { videoId: run.ctx.job.videoId });
      },
    });
    // Whole now: its real bandwidth, and the poster.
    const posterKey = await poster;
    return { posterKey, remux: await publish(list, posterKey), list };
  } finally {
    await poster.catch(() => {}); // never left running into the temp dir's removal
  }
}

/**
 * Encodes the ladder's lowest rung on its own, fast, publishing it as it
 * grows; the master lists it alone from its first segments on. Runs beside
 * the rest of the ladder (which waits for `onPlayable`, then starts), and
 * stops when the ladder fails (`signal`).
 */
export async function publishLowRung(run: Run, options: {
  rung: Rung;
  signal: AbortSignal;
  /** Called once the first master (this rung alone) is out. */
  onPlayable: () => void;
}): Promise<void> {
  const { info, deps, pub } = run;
  const { rung } = options;
  const preset = FAST_PRESETS.includes(deps.config.media.preset)
    ? deps.config.media.preset
    : "veryfast";
  await publishGrowing(run, {
    variant: rung.name,
    work: () =>
      runFfmpeg(
        ladderArgs(run.source, {
          rungs: [rung],
          outDir: `${run.tmp}/out`,
          preset,
          sourceFps: info.video.fps,
          hasAudio: !!info.audio,
          maxDimension: deps.config.media.maxDimension,
        }),
        ffmpegOptions(run, options.signal),
      ),
    publish: async () => {
      await putMaster(run, pub, { names: [rung.name], variants: [nominalVariant(rung)] });
      log("info", "video playable (first rung)", { videoId: run.ctx.job.videoId });
      options.onPlayable();
    },
    signal: options.signal,
  });
}

/**
 * Runs `work` writing `variant` and publishes it as it grows; `publish` (the
 * first master) runs once the variant lists FIRST_SEGMENTS segments, or at the
 * end for a shorter one. The variant's playlist ends VOD; returns it.
 */
async function publishGrowing(run: Run, options: {
  variant: string;
  work: () => Promise<void>;
  publish: (list: MediaPlaylist) => Promise<void>;
  signal?: AbortSignal;
}): Promise<MediaPlaylist> {
  const { pub } = run;
  const signal = options.signal ?? run.signal;
  let published = false;
  const first = async (list: MediaPlaylist | undefined, enough: number) => {
    if (published || !list || list.segments.length < enough) return;
    await options.publish(list);
    published = true;
  };
  await publishWhile(pub, [options.variant], {
    work: options.work,
    everyMs: () => published ? POLL_MS : FIRST_POLL_MS,
    onRound: (lists) => first(lists.get(options.variant), FIRST_SEGMENTS),
    signal,
    logFields: { videoId: run.ctx.job.videoId, variant: options.variant },
  });
  signal.throwIfAborted();
  const list = (await pub.sync([options.variant], { final: true })).get(options.variant);
  if (!list) throw new Error(`The ${options.variant} rendition produced no segments.`);
  await first(list, 1);
  return list;
}
