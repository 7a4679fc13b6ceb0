import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";
import type { Sql } from "../lib/db/mod.ts";
import { NotFoundError } from "../lib/errors.ts";
import { renderAtom } from "../lib/feeds/atom.ts";
import { channelName, feedItems, type FeedScope } from "../lib/feeds/items.ts";
import { type FeedChannel, renderRss } from "../lib/feeds/rss.ts";
import { isCanonicalTag } from "../lib/shared/tags.ts";

// Each feed in both formats, at `…/feed.xml` (RSS 2.0) and `…/feed.atom` (Atom 1.0).
const FORMATS = [
  { ext: "xml", type: "application/rss+xml", render: renderRss },
  { ext: "atom", type: "application/atom+xml", render: renderAtom },
] as const;
type Format = typeof FORMATS[number];

/**
 * RSS 2.0 and Atom feeds of public, listed videos: the site (/feed.xml,
 * /feed.atom), a channel (/u/:id/feed.…) and a tag (/tags/:tag/feed.…).
 * Cacheable for a few minutes by anyone: they hold nothing viewer-specific.
 */
export function feedRoutes(deps: { sql: Sql; publicUrl: string }): Hono {
  const base = deps.publicUrl.replace(/\/$/, "");
  const respond = async (
    c: Context,
    format: Format,
    scope: FeedScope,
    channel: Omit<FeedChannel, "self"> & { path: string },
  ) => {
    const items = await feedItems(deps.sql, scope);
    const { path, ...rest } = channel;
    c.header("Content-Type", `${format.type}; charset=utf-8`);
    c.header("Cache-Control", "public, max-age=300");
    return c.body(
      format.render({ ...rest, self: `${base}${path}/feed.${format.ext}` }, items, {
        publicUrl: deps.publicUrl,
      }),
    );
  };
  const app = new Hono();
  for (const format of FORMATS) {
    app
      .get(`/feed.${format.ext}`, (c) =>
        respond(c, format, { kind: "site" }, {
          title: "VideoFlow: newest videos",
          description: "The newest public videos.",
          link: `${base}/`,
          path: "",
        }))
      .get(`/u/:id/feed.${format.ext}`, async (c) => {
        const id = z.uuid().safeParse(c.req.param("id"));
        if (!id.success) throw new NotFoundError("We could not find that channel.");
        const name = await channelName(deps.sql, id.data);
        return respond(c, format, { kind: "channel", ownerId: id.data }, {
          title: `${name} on VideoFlow`,
          description: `The newest public videos of ${name}.`,
          link: `${base}/u/${id.data}`,
          path: `/u/${id.data}`,
        });
      })
      .get(`/tags/:tag/feed.${format.ext}`, (c) => {
        // Tags are stored canonical (lib/shared/tags.ts); anything else names no tag.
        const tag = c.req.param("tag");
        if (!isCanonicalTag(tag)) throw new NotFoundError("We could not find that tag.");
        const path = `/tags/${encodeURIComponent(tag)}`;
        return respond(c, format, { kind: "tag", tag }, {
          title: `#${tag} on VideoFlow`,
          description: `The newest public videos tagged ${tag}.`,
          link: `${base}${path}`,
          path,
        });
      });
  }
  return app;
}
