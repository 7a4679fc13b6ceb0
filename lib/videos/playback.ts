import type { Sql } from "../db/mod.ts";
import { NotFoundError } from "../errors.ts";
import { signPlaybackToken } from "../media/tokens.ts";
import { captionPath, mediaKey, mediaPath } from "../storage/layout.ts";
import { listCaptions } from "../captions/store.ts";
import type { Video } from "./access.ts";
import { isPlayable, videoPolicy } from "./lifecycle.ts";
import { isOpenMedia } from "./media_access.ts";

/** How long a playback token for an unlisted or private video lasts (seconds). */
export const PLAYBACK_TTL = 6 * 60 * 60;

/** What a player needs: URLs on the media edge (or the CDN in front of it). */
export interface Playback {
  masterUrl: string;
  posterUrl: string | null;
  storyboardUrl: string | null;
  captions: { lang: string; label: string; url: string }[];
  /** null for public videos, whose URLs are stable and never expire. */
  expiresAt: Date | null;
}

/**
 * Builds the playback answer for a video the viewer may see. Public videos
 * get stable, cacheable URLs; unlisted and private ones a short-lived token
 * scoped to the video (and bound to the viewer when signed in).
 */
export async function playbackFor(
  deps: { sql: Sql; secret: string; mediaBaseUrl: string },
  options: { video: Video; viewerId?: string },
): Promise<Playback> {
  const { video } = options;
  const [row] = await deps.sql<
    {
      masterKey: string | null;
      posterKey: string | null;
      storyboardKey: string | null;
      playableAt: Date | null;
      viewerVersion: number | null;
    }[]
  >`select master_key as "masterKey", poster_key as "posterKey", storyboard_key as "storyboardKey",
           playable_at as "playableAt",
           (select u.token_version from users u where u.id = ${options.viewerId ?? null})
             as "viewerVersion"
    from videos where id = ${video.id}`;
  const policy = videoPolicy(video);
  if (!isPlayable(video.status, policy)) {
    throw new NotFoundError("This video cannot be played.");
  }
  if (!row?.masterKey || !row.playableAt) {
    throw new NotFoundError("This video cannot be played yet.");
  }
  let query = "";
  let expiresAt: Date | null = null;
  // Stable URLs only for what anyone may fetch (isOpenMedia()); a preview (in review,
  // scheduled), or any video while access groups are enforced, needs a token. The token
  // carries the viewer's token_version, so the media edge refuses it once that changes.
  if (!isOpenMedia(video)) {
    const t = signPlaybackToken(deps.secret, video.id, {
      expiresIn: PLAYBACK_TTL,
      viewerId: row.viewerVersion === null ? undefined : options.viewerId,
      tokenVersion: row.viewerVersion ?? undefined,
    });
    query = `?token=${t.token}`;
    expiresAt = t.expiresAt;
  }
  const url = (key: string | null) => {
    const path = mediaPath(video.id, key);
    return path === undefined ? null : `${deps.mediaBaseUrl}/${mediaKey(video.id, path)}${query}`;
  };
  return {
    masterUrl: url(row.masterKey)!,
    posterUrl: url(row.posterKey),
    storyboardUrl: url(row.storyboardKey),
    captions: (await listCaptions(deps.sql, video.id)).map((t) => ({
      lang: t.lang,
      label: t.label,
      url: url(mediaKey(video.id, captionPath(t.lang, t.version)))!,
    })),
    expiresAt,
  };
}
