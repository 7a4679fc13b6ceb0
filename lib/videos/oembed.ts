import { NotFoundError, NotImplementedError, ValidationError } from "../errors.ts";

/** The embed player's size when the consumer sets no maximum (16:9). */
export const EMBED_SIZE = { width: 640, height: 360 } as const;

const WATCH_PATH = /^\/v\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/**
 * The video id in `url` if it is exactly one of this site's watch pages
 * (`{publicUrl}/v/{uuid}`, an optional query such as `?t=` allowed, no
 * credentials, no other host, port or path); otherwise a NotFoundError, as
 * oEmbed asks for URLs the provider does not serve.
 */
export function watchUrlVideoId(url: string, options: { publicUrl: string }): string {
  const notOurs = new NotFoundError("That is not a video on this site.");
  if (url.length > 2048) throw notOurs;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw notOurs;
  }
  const site = new URL(options.publicUrl);
  if (parsed.origin !== site.origin || parsed.username || parsed.password) throw notOurs;
  const base = site.pathname.replace(/\/$/, "");
  if (!parsed.pathname.startsWith(`${base}/`)) throw notOurs;
  const m = WATCH_PATH.exec(parsed.pathname.slice(base.length));
  if (!m) throw notOurs;
  return m[1];
}

/** Only JSON is offered; `xml` is a known format this server does not implement (501). */
export function checkOembedFormat(format: string | undefined): void {
  if (format === undefined || format === "json") return;
  if (format === "xml") throw new NotImplementedError("oEmbed is offered as JSON only.");
  throw new ValidationError("format must be json.");
}

/** The player size within the consumer's maxwidth/maxheight, keeping 16:9. */
export function embedSize(options: { maxWidth?: number; maxHeight?: number }): {
  width: number;
  height: number;
} {
  let width: number = EMBED_SIZE.width;
  if (options.maxWidth) width = Math.min(width, options.maxWidth);
  if (options.maxHeight) width = Math.min(width, Math.floor(options.maxHeight * 16 / 9));
  width = Math.max(1, width);
  return { width, height: Math.max(1, Math.round(width * 9 / 16)) };
}

/** The `<iframe>` that embeds a video's player (attributes escaped). */
export function embedHtml(
  options: { embedUrl: string; title: string; width: number; height: number },
): string {
  return `<iframe src="${escapeHtml(options.embedUrl)}" width="${options.width}" ` +
    `height="${options.height}" title="${escapeHtml(options.title)}" frameborder="0" ` +
    `allow="autoplay; fullscreen; picture-in-picture" allowfullscreen></iframe>`;
}

/** An oEmbed 1.0 "video" answer. */
export interface OembedVideo {
  version: "1.0";
  type: "video";
  provider_name: string;
  provider_url: string;
  title: string;
  author_name: string;
  author_url: string;
  html: string;
  width: number;
  height: number;
  thumbnail_url?: string;
}

/** The oEmbed answer for a video (its absolute URLs built from `publicUrl`). */
export function oembedFor(
  video: { id: string; title: string; ownerId: string; ownerName: string },
  options: { publicUrl: string; thumbnailUrl?: string; maxWidth?: number; maxHeight?: number },
): OembedVideo {
  const size = embedSize(options);
  const base = options.publicUrl.replace(/\/$/, "");
  return {
    version: "1.0",
    type: "video",
    provider_name: "VideoFlow",
    provider_url: `${base}/`,
    title: video.title,
    author_name: video.ownerName,
    author_url: `${base}/u/${video.ownerId}`,
    html: embedHtml({ embedUrl: `${base}/embed/${video.id}`, title: video.title, ...size }),
    ...size,
    ...(options.thumbnailUrl ? { thumbnail_url: options.thumbnailUrl } : {}),
  };
}

/** Escapes text for an HTML attribute or element. */
export function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;").replaceAll("'", "&#39;");
}
