import type { FeedItem } from "./items.ts";

/** What a feed says about itself. */
export interface FeedChannel {
  title: string;
  description: string;
  /** The page the feed mirrors (absolute). */
  link: string;
  /** The feed's own address (absolute), for atom:link rel="self". */
  self: string;
}

// Characters XML 1.0 forbids even when escaped: C0 controls but tab, LF, CR; U+FFFE, U+FFFF.
// deno-lint-ignore no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/**
 * Text safe inside an XML element or attribute: escaped, characters XML cannot
 * carry dropped, lone surrogates replaced (U+FFFD).
 */
export function xmlEscape(text: string): string {
  return text.toWellFormed().replace(NOT_XML, "").replaceAll("&", "&amp;").replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&apos;");
}

/**
 * An RSS 2.0 document (with atom:link self and dc:creator) for `items`. Every
 * text is escaped here; links are built from `publicUrl` only.
 */
export function renderRss(
  channel: FeedChannel,
  items: FeedItem[],
  options: { publicUrl: string; now?: Date },
): string {
  const base = options.publicUrl.replace(/\/$/, "");
  const built = items[0]?.publishedAt ?? options.now ?? new Date();
  const entries = items.map((v) => {
    const link = `${base}/v/${v.id}`;
    return [
      "<item>",
      `<title>${xmlEscape(v.title || "Untitled")}</title>`,
      `<link>${xmlEscape(link)}</link>`,
      `<guid isPermaLink="true">${xmlEscape(link)}</guid>`,
      `<pubDate>${v.publishedAt.toUTCString()}</pubDate>`,
      `<dc:creator>${xmlEscape(v.ownerName)}</dc:creator>`,
      `<description>${xmlEscape(v.description.slice(0, 2000))}</description>`,
      "</item>",
    ].join("");
  });
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">`,
    "<channel>",
    `<title>${xmlEscape(channel.title)}</title>`,
    `<link>${xmlEscape(channel.link)}</link>`,
    `<description>${xmlEscape(channel.description)}</description>`,
    `<atom:link href="${xmlEscape(channel.self)}" rel="self" type="application/rss+xml"/>`,
    `<lastBuildDate>${built.toUTCString()}</lastBuildDate>`,
    ...entries,
    "</channel>",
    "</rss>",
    "",
  ].join("\n");
}
