import { parseMediaPlaylist } from "../media/hls.ts";
import type { StartHints } from "../shared/player_start.ts";
import { MEDIA_FILES, MEDIA_PATH_PATTERN, mediaKey } from "../storage/layout.ts";
import type { Storage } from "../storage/types.ts";

/** Largest playlist read for hints (a 10-hour variant playlist is ≈ 300 KB). */
const MAX_PLAYLIST_BYTES = 1024 * 1024;
/** How long a finished video's hints are reused (a re-run replaces its outputs). */
const FINISHED_TTL_MS = 60_000;
/** Videos whose hints are remembered at once (oldest forgotten first). */
const MAX_ENTRIES = 2_000;

const cache = new Map<string, { at: number; hints: StartHints | undefined }>();

/**
 * Where a player starts this video's stream: the lowest rung's playlist (the
 * master lists it first; hls.js sorts by height, then bitrate, and so does
 * this), its init segment and first segment, read from storage and remembered
 * for a minute once the playlist is finished. Undefined when the video has no
 * usable master or segment yet, or a playlist names something outside the
 * video's media (never trusted into a URL). Only for media without a token:
 * these paths go into a page that caches may share.
 */
export async function startHints(
  storage: Storage,
  videoId: string,
): Promise<StartHints | undefined> {
  const now = Date.now();
  const kept = cache.get(videoId);
  if (kept && now - kept.at < FINISHED_TTL_MS) return kept.hints;
  const master = await readText(storage, mediaKey(videoId, MEDIA_FILES.master));
  const variant = master === undefined ? undefined : lowestVariant(master);
  if (!variant || !MEDIA_PATH_PATTERN.test(variant)) return undefined;
  const text = await readText(storage, mediaKey(videoId, variant));
  if (text === undefined) return undefined;
  const playlist = parseMediaPlaylist(text);
  const dir = variant.slice(0, variant.lastIndexOf("/") + 1);
  const inside = (uri: string | undefined) =>
    uri !== undefined && MEDIA_PATH_PATTERN.test(dir + uri);
  const segment = playlist.segments[0]?.uri;
  if (!inside(segment) || (playlist.mapUri !== undefined && !inside(playlist.mapUri))) {
    return undefined;
  }
  const hints: StartHints = {
    variant,
    segment: segment!,
    ...(playlist.mapUri ? { init: playlist.mapUri } : {}),
  };
  // A growing (EVENT) playlist is read again next time: its master may still change.
  if (playlist.ended) {
    cache.delete(videoId);
    cache.set(videoId, { at: now, hints });
    if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  }
  return hints;
}

/** The URI of the master's lowest variant: smallest height, then smallest bandwidth. */
export function lowestVariant(master: string): string | undefined {
  const lines = master.split("\n").map((l) => l.trim());
  let best: { height: number; bandwidth: number; uri: string } | undefined;
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].startsWith("#EXT-X-STREAM-INF:")) continue;
    const uri = lines.slice(i + 1).find((l) => l && !l.startsWith("#"));
    if (!uri) continue;
    const height = Number(/RESOLUTION=\d+x(\d+)/.exec(lines[i])?.[1] ?? Infinity);
    const bandwidth = Number(/[:,]BANDWIDTH=(\d+)/.exec(lines[i])?.[1] ?? Infinity);
    if (
      !best || height < best.height || (height === best.height && bandwidth < best.bandwidth)
    ) best = { height, bandwidth, uri };
  }
  return best?.uri;
}

async function readText(storage: Storage, key: string): Promise<string | undefined> {
  const obj = await storage.get(key);
  if (!obj) return undefined;
  if (obj.size > MAX_PLAYLIST_BYTES) {
    await obj.body.cancel();
    return undefined;
  }
  return await new Response(obj.body).text();
}
