import { SEGMENT_SECONDS } from "./ffmpeg.ts";
import type { MediaPlaylist } from "./hls.ts";
import { type Rung, rungNominalBitrate } from "./ladder.ts";
import type { MediaInfo } from "./probe.ts";

/** How far above its rung's nominal bitrate a source may be and still stand as that rung. */
export const MAX_COPY_BITRATE_FACTOR = 2;

/**
 * Whether a web-safe source's remux can stand, as it is, for the ladder's top
 * rung, so that the rung is not encoded at all (issue 18, P2: the top rung is
 * more than half of the ladder's encoding). It must be that rung exactly: the
 * same size and frame rate, stereo or no audio, at most
 * MAX_COPY_BITRATE_FACTOR × the rung's nominal bitrate (a viewer on a fast link
 * gets the original, without another generation of loss, but not any
 * bitrate), and its segments must line up with the encoded rungs': every one
 * but the last exactly SEGMENT_SECONDS long (the source's keyframes fall on
 * every multiple of 4 s; the encoded rungs cut there too, and at 1 and 2 s).
 * The ladder must keep at least one encoded rung (its decode also makes the
 * storyboard). `remux` is the finished remux's playlist.
 */
export function remuxStandsForTop(info: MediaInfo, rungs: Rung[], remux: MediaPlaylist): boolean {
  if (rungs.length < 2 || !remux.ended || remux.segments.length === 0) return false;
  const top = rungs[0];
  const v = info.video;
  if (top.width !== v.displayWidth || top.height !== v.displayHeight) return false;
  if (Math.abs(top.fps - v.fps) > 0.001) return false;
  if (info.audio && info.audio.channels > 2) return false;
  const bitrate = v.bitRate ?? info.bitRate;
  if (!bitrate || bitrate > MAX_COPY_BITRATE_FACTOR * rungNominalBitrate(top)) return false;
  const halfFrame = 0.5 / top.fps;
  return remux.segments.slice(0, -1).every((s) =>
    Math.abs(s.durationS - SEGMENT_SECONDS) < halfFrame
  );
}
