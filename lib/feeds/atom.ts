import type { FeedItem } from "./items.ts";
import { type FeedChannel, xmlEscape } from "./rss.ts";

/**
 * An Atom 1.0 document (RFC 4287) for `items`: the same videos and texts as
 * the RSS feed. Each entry names its author, so the feed needs none of its own;
 * entry ids are the watch pages' URLs (stable, unique). Every text is escaped
 * here; links are built from `publicUrl` only.
 */
export function renderAtom(
  channel: FeedChannel,
  items: FeedItem[],
  options: { publicUrl: string; now?: Date },
): string {
  const base = options.publicUrl.replace(/\/$/, "");
  const updated = items[0]?.publishedAt ?? options.now ?? new Date();
  const entries = items.map((v) => {
    const link = xmlEscape(`${base}/v/${v.id}`);
    const at = v.publishedAt.toISOString();
    return [
      "<entry>",
      `<id>${link}</id>`,
      `<title type="text">${xmlEscape(v.title || "Untitled")}</title>`,
      `<link rel="alternate" type="text/html" href="${link}"/>`,
      `<published>${at}</published>`,
      `<updated>${at}</updated>`,
      `<author><name>${xmlEscape(v.ownerName)}</name>` +
      `<uri>${xmlEscape(`${base}/u/${v.ownerId}`)}</uri></author>`,
      `<summary type="text">${xmlEscape(v.description.slice(0, 2000))}</summary>`,
      "</entry>",
    ].join("");
  });
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<feed xmlns="http://www.w3.org/2005/Atom">`,
    `<id>${xmlEscape(channel.self)}</id>`,
    `<title type="text">${xmlEscape(channel.title)}</title>`,
    `<subtitle type="text">${xmlEscape(channel.description)}</subtitle>`,
    `<link rel="self" type="application/atom+xml" href="${xmlEscape(channel.self)}"/>`,
    `<link rel="alternate" type="text/html" href="${xmlEscape(channel.link)}"/>`,
    `<updated>${updated.toISOString()}</updated>`,
    `<generator>VideoFlow</generator>`,
    ...entries,
    "</feed>",
    "",
  ].join("\n");
}
