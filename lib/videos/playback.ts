import type { Sql } from "../db/mod.ts";
import { NotFoundError, PermissionError } from "../errors.ts";
import { signPlaybackToken } from "../media/tokens.ts";
import { captionPath, mediaKey, mediaPath } from "../storage/layout.ts";
import { listCaptions } from "../captions/store.ts";
import { premiumLocked, type Video, type Viewer } from "./access.ts";
import { premiumNowSql } from "../billing/entitlement.ts";
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
      viewerRow: [NonNullable<Viewer>["role"], boolean] | null;
    }[]
  >`select master_key as "masterKey", poster_key as "posterKey", storyboard_key as "storyboardKey",
           playable_at as "playableAt",
           (select u.token_version from users u where u.id = ${options.viewerId ?? null})
             as "viewerVersion",
           (select json_build_array(u.role, ${premiumNowSql(deps.sql)}) from users u
             where u.id = ${options.viewerId ?? null}) as "viewerRow"
    from videos where id = ${video.id}`;
  // Premium-only videos: the one rule (access.ts), with the viewer as the database knows them now.
  const viewer: Viewer = options.viewerId && row?.viewerRow
    ? { id: options.viewerId, role: row.viewerRow[0], premium: row.viewerRow[1] }
    : undefined;
  if (premiumLocked(video, viewer)) {
    throw new PermissionError("This video is for premium members.");
  }
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

/**
 * The poster of a video whose media the viewer may not play (premiumLocked()):
 * a stable URL where the video's pictures are open to anyone, otherwise one
 * with an anonymous token (the media edge serves such a token the poster and
 * thumbnails only). Undefined without a poster.
 */
export async function lockedPosterUrl(
  deps: { sql: Sql; secret: string; mediaBaseUrl: string },
  video: Video,
): Promise<string | undefined> {
  const [row] = await deps.sql<{ posterKey: string | null }[]>`
    select poster_key as "posterKey" from videos where id = ${video.id}`;
  const path = mediaPath(video.id, row?.posterKey);
  if (path === undefined) return undefined;
  const query = isOpenMedia(video, path)
    ? ""
    : `?token=${signPlaybackToken(deps.secret, video.id, { expiresIn: PLAYBACK_TTL }).token}`;
  return `${deps.mediaBaseUrl}/${mediaKey(video.id, path)}${query}`;
}
