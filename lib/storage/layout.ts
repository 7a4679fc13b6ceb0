/**
 * The storage layout: every object key VideoFlow writes is built here, and
 * nowhere else. Key families:
 *
 * | family | key | lifetime |
 * |---|---|---|
 * | source | `raw/{videoId}/source` | until the video is deleted |
 * | media (renditions, playlists, init/segments) | `media/{videoId}/{rung}/…`, `media/{videoId}/master.m3u8` | replaced by a re-run |
 * | poster | `media/{videoId}/poster.jpg` | with the media |
 * | storyboard | `media/{videoId}/storyboard.jpg` + `.vtt` | with the media |
 * | captions | `media/{videoId}/captions/{lang}/{version}.vtt` + `.m3u8` | until replaced; kept by re-runs |
 * | thumbnails | `media/{videoId}/thumbs/{name}-{width}.jpg` | frames: each run; uploads: until replaced |
 * | thumbnail upload | `raw/{videoId}/thumbs/{name}` | until resized |
 * | avatars | `avatars/{userId}/{uuid}.jpg` | until replaced |
 * | live playlists and segments | `media/{videoId}/live/{rung}/…`, `media/{videoId}/live/master.m3u8` | until the recording is processed |
 * | exports | `exports/{userId}/{uuid}.zip` | short |
 *
 * Everything a player fetches for one video lives under its media prefix, so
 * one playback token scoped to that prefix opens exactly that video.
 */

import { thumbnailFile, THUMBS_DIR } from "../shared/thumbnails.ts";

/** The prefix under which all of a video's playable objects live (the token scope). */
export function mediaPrefix(videoId: string): string {
  return `media/${videoId}/`;
}

/** The key of one object of a video's media, from its path below the prefix. */
export function mediaKey(videoId: string, path: string): string {
  return `${mediaPrefix(videoId)}${path}`;
}

/**
 * What a path below a video's media prefix may look like: word segments and a
 * media extension (the media edge and the runner API check it before storage
 * is touched).
 */
export const MEDIA_PATH_PATTERN = /^[\w-]+(\/[\w-]+)*\.(m3u8|m4s|ts|mp4|jpg|webp|vtt)$/;

/** The path below the video's media prefix of `key`, or undefined if it lies elsewhere. */
export function mediaPath(videoId: string, key: string | null | undefined): string | undefined {
  const prefix = mediaPrefix(videoId);
  return key?.startsWith(prefix) ? key.slice(prefix.length) : undefined;
}

/** Well-known files inside a video's media prefix. */
export const MEDIA_FILES = {
  master: "master.m3u8",
  poster: "poster.jpg",
  storyboardImage: "storyboard.jpg",
  storyboardVtt: "storyboard.vtt",
  /** Each rendition's media playlist, inside its own directory. */
  variantPlaylist: "index.m3u8",
} as const;

/**
 * The rendition the fast path remuxes the source into (`media/{id}/source/`);
 * it stays through re-runs, so that players that started on it keep playing.
 */
export const REMUX_RENDITION = "source";

/** The path below the media prefix of a file of one rendition (`{rendition}/{file}`). */
export function renditionPath(rendition: string, file: string): string {
  return `${rendition}/${file}`;
}

/** Where a video's caption files live below the media prefix (kept through re-runs). */
export const CAPTIONS_DIR = "captions/";

/**
 * A caption track's WebVTT file below the media prefix. Each upload gets a new
 * `version`, so its URL can be cached as long as any other media file.
 */
export function captionPath(lang: string, version: string): string {
  return `${CAPTIONS_DIR}${lang}/${version}.vtt`;
}

/** The HLS media playlist that wraps one caption file (one segment, the whole video). */
export function captionPlaylistPath(lang: string, version: string): string {
  return `${CAPTIONS_DIR}${lang}/${version}.m3u8`;
}

export { THUMBS_DIR } from "../shared/thumbnails.ts";

/** A thumbnail's path below the media prefix: one picture `name` at one `width`. */
export function thumbnailPath(name: string, width: number): string {
  return `${THUMBS_DIR}${thumbnailFile(name, width)}`;
}

/** Where an uploaded thumbnail image waits for its resize job. */
export function thumbnailUploadKey(videoId: string, name: string): string {
  return `${sourcePrefix(videoId)}thumbs/${name}`;
}

/** The prefix of a video's uploaded source(s). */
export function sourcePrefix(videoId: string): string {
  return `raw/${videoId}/`;
}

/** The key of a video's uploaded source file. */
export function sourceKey(videoId: string): string {
  return `${sourcePrefix(videoId)}source`;
}

/** Every prefix that holds objects of a video: deleting a video deletes these. */
export function videoPrefixes(videoId: string): string[] {
  return [mediaPrefix(videoId), sourcePrefix(videoId)];
}

/** The prefix of a user's avatars. */
export function avatarPrefix(userId: string): string {
  return `avatars/${userId}/`;
}

/** A fresh key for a user's new avatar (a new key per upload, so its URL can be cached forever). */
export function newAvatarKey(userId: string): string {
  return `${avatarPrefix(userId)}${crypto.randomUUID()}.jpg`;
}

/** Whether `key` is an avatar key of the exact shape newAvatarKey() makes. */
export function isAvatarKey(key: string): boolean {
  return /^avatars\/[0-9a-f-]{36}\/[0-9a-f-]{36}\.jpg$/.test(key);
}

/**
 * A live stream's files lie below its video's media prefix (so the media edge
 * serves them under the same token as the video): `live/master.m3u8`, and per
 * rung `live/{rung}/index.m3u8` (the viewers' sliding window),
 * `live/{rung}/full.m3u8` (every segment: the recording) and the segments.
 */
export const LIVE_DIR = "live/";

/** A live stream's master playlist, below its video's media prefix. */
export const LIVE_MASTER_PATH = `${LIVE_DIR}master.m3u8`;

/** A file of one live rung (`index.m3u8`, `full.m3u8`, a segment), below the media prefix. */
export function livePath(rung: string, file: string): string {
  return `${LIVE_DIR}${rung}/${file}`;
}

/** Where every export archive of a user lives (deleted with the account). */
export function exportPrefix(userId: string): string {
  return `exports/${userId}/`;
}

/** A new key for one of a user's export archives. */
export function newExportKey(userId: string): string {
  return `${exportPrefix(userId)}${crypto.randomUUID()}.zip`;
}
