import type { Context } from "hono";
import type { Sql } from "../lib/db/mod.ts";
import type { PlayerProps } from "../islands/Player.tsx";
import { parseStartTime } from "../lib/shared/start_time.ts";
import { parseChapters } from "../lib/shared/chapters.ts";
import type { Video } from "../lib/videos/access.ts";
import type { Playback } from "../lib/videos/playback.ts";
import { issueViewToken } from "../lib/videos/views.ts";
import { viewerKey } from "./_viewer.ts";

/** What a page with a player needs (the watch page, the embed). */
export interface PlayerPageDeps {
  sql: Sql;
  secret: string;
  mediaBaseUrl: string;
  publicUrl: string;
  trustProxy: boolean;
  hlsUrl?: string;
}

/**
 * The Player island's props for a page (the watch page, the embed): the
 * playback URLs, a view token for this viewer, and the start position from
 * the link's `?t=`.
 */
export async function playerProps(
  c: Context,
  deps: { secret: string; trustProxy: boolean; hlsUrl: string },
  options: { video: Video; playback: Playback; resumeKey: string },
): Promise<PlayerProps> {
  const { video, playback } = options;
  return {
    videoId: video.id,
    masterUrl: playback.masterUrl,
    posterUrl: playback.posterUrl,
    storyboardUrl: playback.storyboardUrl,
    captions: playback.captions,
    hlsUrl: deps.hlsUrl,
    viewToken: issueViewToken(deps.secret, {
      videoId: video.id,
      viewerKey: await viewerKey(c, deps),
    }),
    resumeKey: options.resumeKey,
    startAt: parseStartTime(c.req.query("t")),
    durationS: video.durationS,
    chapters: parseChapters(video.description, video.durationS),
  };
}
