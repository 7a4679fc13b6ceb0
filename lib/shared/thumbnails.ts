/**
 * Thumbnail names and sizes, shared by the server (lib/storage/layout.ts
 * builds the keys from these) and the browser (the Player's poster): a
 * thumbnail is one picture stored in several widths, `thumbs/{name}-{width}.jpg`,
 * so a page can offer them as a srcset.
 */

/** Where a video's thumbnails live below its media prefix. */
export const THUMBS_DIR = "thumbs/";

/** The widths every thumbnail is made in (never above the picture's own width). */
export const THUMBNAIL_WIDTHS = [320, 640, 1280] as const;

/** One stored picture of a thumbnail, below THUMBS_DIR. */
export function thumbnailFile(name: string, width: number): string {
  return `${name}-${width}.jpg`;
}

/** The widths a thumbnail whose largest picture is `largest` pixels wide is made in. */
export function thumbnailWidths(largest: number): number[] {
  return [...THUMBNAIL_WIDTHS.filter((w) => w < largest), largest];
}

/**
 * The name, largest width and sibling URLs of a thumbnail from its key, path
 * or URL (a query, such as a playback token, may follow), or undefined for
 * anything else (the single poster.jpg of a video processed before
 * thumbnails existed).
 */
export function parseThumbnail(
  keyOrUrl: string | null | undefined,
): { name: string; width: number; at: (width: number) => string } | undefined {
  const m = keyOrUrl && /^(.*\/thumbs\/)([a-z0-9]+)-(\d+)\.jpg(\?[^#]*)?$/.exec(keyOrUrl);
  if (!m) return undefined;
  const [, head, name, width, query = ""] = m;
  return { name, width: Number(width), at: (w) => `${head}${thumbnailFile(name, w)}${query}` };
}

/** A `srcset` for a poster URL, or undefined when it is a single picture. */
export function posterSrcset(url: string | null | undefined): string | undefined {
  const t = parseThumbnail(url);
  return t && thumbnailWidths(t.width).map((w) => `${t.at(w)} ${w}w`).join(", ");
}
