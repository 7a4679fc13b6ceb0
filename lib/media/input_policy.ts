/**
 * What ffmpeg and ffprobe may open when they read user input: the one place
 * that decides it. Every run on an upload, a source or an avatar starts its
 * input with `videoInputArgs()` or `imageInputArgs()`.
 *
 * Why: libavformat follows references inside files. An HLS playlist, an
 * ffconcat/concat list, an image2 pattern or a tee/subfile URL posing as a
 * video or an image makes ffmpeg read other local files (another user's
 * private video) or URLs. So each input gets an explicit demuxer whitelist
 * (`-format_whitelist`, checked after probing: a file detected as anything
 * else is refused), a protocol whitelist that also binds every nested open,
 * and a decoder pixel cap. None of the listed demuxers opens other files
 * (mov's external data references stay off, its default).
 */

/** Demuxers a video upload may be read with: MP4/MOV and Matroska/WebM. */
export const VIDEO_DEMUXERS = ["mov", "mp4", "m4a", "3gp", "3g2", "mj2", "matroska", "webm"];

/**
 * Demuxers an avatar may be read with: single still images detected by their
 * content. `image2` (file patterns, sequences) is deliberately absent.
 */
export const IMAGE_DEMUXERS = ["jpeg_pipe", "png_pipe", "webp_pipe", "gif", "bmp_pipe"];

/** Demuxers an uploaded thumbnail may be read with: JPEG, PNG and WebP only. */
export const THUMBNAIL_DEMUXERS = ["jpeg_pipe", "png_pipe", "webp_pipe"];

/** Largest decoded picture of an avatar, in pixels (a 5 MiB PNG can claim 30000² pixels). */
export const MAX_IMAGE_PIXELS = 40_000_000;

/** Protocols a remote source (a presigned GET of our own object) may be read over. */
const REMOTE_PROTOCOLS = "http,https,tcp,tls,crypto";

/** Whether `source` is a URL rather than a local path. */
export function isRemote(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

/**
 * Input options for a video source, placed right before `-i` (ffmpeg) or the
 * path (ffprobe): local files only, or HTTP(S) for a presigned URL of our own
 * object; MP4/MOV/Matroska/WebM only; decoded pictures no larger than
 * `maxDimension`² pixels.
 */
export function videoInputArgs(source: string, options: { maxDimension?: number } = {}): string[] {
  const remote = isRemote(source);
  const args = [
    "-protocol_whitelist",
    remote ? REMOTE_PROTOCOLS : "file",
    "-format_whitelist",
    VIDEO_DEMUXERS.join(","),
  ];
  // A stalled remote read fails instead of hanging (microseconds).
  if (remote) args.push("-rw_timeout", "30000000");
  if (options.maxDimension) args.push("-max_pixels", String(options.maxDimension ** 2));
  return args;
}

/**
 * Input options for an image (an avatar; a thumbnail with `THUMBNAIL_DEMUXERS`):
 * a local file, a single still-image demuxer.
 */
export function imageInputArgs(options: { demuxers?: readonly string[] } = {}): string[] {
  return [
    "-protocol_whitelist",
    "file",
    "-format_whitelist",
    (options.demuxers ?? IMAGE_DEMUXERS).join(","),
    "-max_pixels",
    String(MAX_IMAGE_PIXELS),
  ];
}
