/**
 * Poster URLs for the studio's rows: the owner sees every video's poster,
 * whatever its visibility or state, so those the media edge would not serve to
 * anyone get a short-lived token bound to the owner (as the player's URLs do).
 */
import { signPlaybackToken } from "../media/tokens.ts";
import { mediaKey, mediaPath } from "../storage/layout.ts";
import { mediaAudience, videoPolicy } from "../videos/lifecycle.ts";

/** How long a studio poster link lasts (seconds): a page's lifetime, not a session's. */
const POSTER_TTL = 60 * 60;

/** The poster's URL for its owner `viewerId`, or null when the video has none yet. */
export function studioPosterUrl(
  video: {
    id: string;
    posterKey: string | null;
    visibility: string;
    status: string;
    reviewRequired: boolean;
  },
  options: { secret: string; mediaBaseUrl: string; viewerId: string },
): string | null {
  const path = mediaPath(video.id, video.posterKey);
  if (path === undefined) return null;
  const url = `${options.mediaBaseUrl}/${mediaKey(video.id, path)}`;
  if (
    video.visibility === "public" && mediaAudience(video.status, videoPolicy(video)) === "anyone"
  ) return url;
  const t = signPlaybackToken(options.secret, video.id, {
    expiresIn: POSTER_TTL,
    viewerId: options.viewerId,
  });
  return `${url}?token=${t.token}`;
}
