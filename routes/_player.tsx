import type { Context } from "hono";
import type { Sql } from "../lib/db/mod.ts";
import type { PlayerProps } from "../islands/Player.tsx";
import { parseStartTime } from "../lib/shared/start_time.ts";
import { parseChapters } from "../lib/shared/chapters.ts";
import type { Video } from "../lib/videos/access.ts";
import { type Playback, playbackFor } from "../lib/videos/playback.ts";
import { issueViewToken } from "../lib/videos/views.ts";
import { historyPaused, resumePosition } from "../lib/history/mod.ts";
import { viewerKey } from "./_viewer.ts";
import { hlsFullUrl } from "../lib/islands/vendor.ts";
import type { Storage } from "../lib/storage/types.ts";
import { startHints } from "../lib/videos/start_hints.ts";

/** What a page with a player needs (the watch page, the embed). */
export interface PlayerPageDeps {
  sql: Sql;
  secret: string;
  mediaBaseUrl: string;
  publicUrl: string;
  trustProxy: boolean;
  hlsUrl?: string;
  /** Reads where a public stream starts (StartHints); without it the player finds out itself. */
  storage?: Storage;
}

/**
 * The Player island's props for a page (the watch page, the embed): the
 * playback URLs, a view token for this viewer, and the start position from
 * the link's `?t=`; with `history` (the watch page), where the signed-in
 * viewer's watch history says they stopped, and whether to record more.
 */
export async function playerProps(
  c: Context,
  deps: { secret: string; trustProxy: boolean; hlsUrl: string; storage?: Storage },
  options: { video: Video; playback: Playback; resumeKey: string; history?: Sql },
): Promise<PlayerProps> {
  const { video, playback } = options;
  const user = c.get("user");
  // Only for media without a token (expiresAt null): a tokenised stream stays the player's to
  // discover, and nothing of it goes into a page a cache may share.
  const start = deps.storage && playback.expiresAt === null
    ? startHints(deps.storage, video.id).catch(() => undefined)
    : undefined;
  const [historyS, paused] = options.history && user
    ? await Promise.all([
      resumePosition(options.history, user, video.id),
      historyPaused(options.history, user.id),
    ])
    : [undefined, true];
  const hints = await start;
  // A video watched to its end starts again from the beginning.
  const nearEnd = historyS !== undefined && video.durationS !== null &&
    historyS >= video.durationS - 5;
  return {
    videoId: video.id,
    masterUrl: playback.masterUrl,
    posterUrl: playback.posterUrl,
    storyboardUrl: playback.storyboardUrl,
    captions: playback.captions,
    // The light hls.js has no subtitle support: a video with captions gets the full build.
    hlsUrl: playback.captions.length ? hlsFullUrl(deps.hlsUrl) : deps.hlsUrl,
    viewToken: issueViewToken(deps.secret, {
      videoId: video.id,
      viewerKey: await viewerKey(c, deps),
    }),
    resumeKey: options.resumeKey,
    startAt: parseStartTime(c.req.query("t")),
    durationS: video.durationS,
    chapters: parseChapters(video.description, video.durationS),
    aspect: video.width && video.height ? video.width / video.height : null,
    ...(historyS !== undefined ? { historyS: nearEnd ? 0 : historyS } : {}),
    ...(paused ? {} : { recordHistory: true }),
    ...(hints ? { start: hints } : {}),
  };
}

/**
 * The Player's props for a preview on a studio or admin page (no resume
 * position, no history), or undefined when the video cannot be played yet.
 */
export async function previewPlayerProps(
  c: Context,
  video: Video,
  deps: { sql: Sql; secret: string; mediaBaseUrl: string; trustProxy: boolean; hlsUrl?: string },
): Promise<PlayerProps | undefined> {
  if (!deps.hlsUrl) return undefined;
  const playback = await playbackFor(deps, { video, viewerId: c.get("user")?.id })
    .catch(() => undefined);
  if (!playback) return undefined;
  return await playerProps(c, { ...deps, hlsUrl: deps.hlsUrl }, {
    video,
    playback,
    resumeKey: "",
  });
}
