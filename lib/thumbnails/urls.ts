import { signPlaybackToken } from "../media/tokens.ts";
import { mediaKey, thumbnailPath } from "../storage/layout.ts";
import type { Thumbnail } from "./store.ts";

/** A thumbnail as the editor shows it: its pictures' URLs, largest last. */
export interface ThumbnailView extends Thumbnail {
  src: string | null;
  srcset: string | null;
}

/**
 * The URLs of a video's thumbnails for someone who manages it (its owner or an
 * admin): with a short playback token bound to them, since the video may be
 * private or unlisted (the media edge checks it like any other media request).
 */
export function thumbnailViews(
  deps: { secret: string; mediaBaseUrl: string },
  who: { videoId: string; viewerId: string },
  thumbnails: Thumbnail[],
): ThumbnailView[] {
  const { token } = signPlaybackToken(deps.secret, who.videoId, {
    expiresIn: 3600,
    viewerId: who.viewerId,
  });
  const url = (name: string, w: number) =>
    `${deps.mediaBaseUrl}/${mediaKey(who.videoId, thumbnailPath(name, w))}?token=${token}`;
  return thumbnailsWithUrls(thumbnails, url);
}

function thumbnailsWithUrls(
  thumbnails: Thumbnail[],
  url: (name: string, width: number) => string,
): ThumbnailView[] {
  return thumbnails.map((t) => {
    if (t.state !== "usable" || t.widths.length === 0) return { ...t, src: null, srcset: null };
    const widths = [...t.widths].sort((a, b) => a - b);
    return {
      ...t,
      src: url(t.name, widths[widths.length - 1]),
      srcset: widths.map((w) => `${url(t.name, w)} ${w}w`).join(", "),
    };
  });
}
