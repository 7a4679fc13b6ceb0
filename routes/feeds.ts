import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";
import type { Sql } from "../lib/db/mod.ts";
import { NotFoundError } from "../lib/errors.ts";
import { channelName, feedItems, type FeedScope } from "../lib/feeds/items.ts";
import { type FeedChannel, renderRss } from "../lib/feeds/rss.ts";
import { isCanonicalTag } from "../lib/shared/tags.ts";

/**
 * RSS 2.0 feeds of public, listed videos: the site (/feed.xml), a channel
 * (/u/:id/feed.xml) and a tag (/tags/:tag/feed.xml). Cacheable for a few
 * minutes by anyone: they hold nothing viewer-specific.
 */
export function feedRoutes(deps: { sql: Sql; publicUrl: string }): Hono {
  const base = deps.publicUrl.replace(/\/$/, "");
  const respond = async (c: Context, scope: FeedScope, channel: FeedChannel) => {
    const items = await feedItems(deps.sql, scope);
    c.header("Content-Type", "application/rss+xml; charset=utf-8");
    c.header("Cache-Control", "public, max-age=300");
    return c.body(renderRss(channel, items, { publicUrl: deps.publicUrl }));
  };
  return new Hono()
    .get("/feed.xml", (c) =>
      respond(c, { kind: "site" }, {
        title: "VideoFlow: newest videos",
        description: "The newest public videos.",
        link: `${base}/`,
        self: `${base}/feed.xml`,
      }))
    .get("/u/:id/feed.xml", async (c) => {
      const id = z.uuid().safeParse(c.req.param("id"));
      if (!id.success) throw new NotFoundError("We could not find that channel.");
      const name = await channelName(deps.sql, id.data);
      return respond(c, { kind: "channel", ownerId: id.data }, {
        title: `${name} on VideoFlow`,
        description: `The newest public videos of ${name}.`,
        link: `${base}/u/${id.data}`,
        self: `${base}/u/${id.data}/feed.xml`,
      });
    })
    .get("/tags/:tag/feed.xml", (c) => {
      // Tags are stored canonical (lib/shared/tags.ts); anything else names no tag.
      const tag = c.req.param("tag");
      if (!isCanonicalTag(tag)) throw new NotFoundError("We could not find that tag.");
      const path = `/tags/${encodeURIComponent(tag)}`;
      return respond(c, { kind: "tag", tag }, {
        title: `#${tag} on VideoFlow`,
        description: `The newest public videos tagged ${tag}.`,
        link: `${base}${path}`,
        self: `${base}${path}/feed.xml`,
      });
    });
}
