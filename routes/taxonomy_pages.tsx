import { Hono } from "hono";
import { z } from "zod";
import { Layout } from "../components/Layout.tsx";
import { tagHref } from "../components/TagLinks.tsx";
import { VideoGrid } from "../components/VideoGrid.tsx";
import type { Sql } from "../lib/db/mod.ts";
import { NotFoundError } from "../lib/errors.ts";
import { type BrowseOptions, listPublicVideos } from "../lib/videos/browse.ts";
import { findCategory } from "../lib/videos/categories.ts";
import { isCanonicalTag } from "../lib/shared/tags.ts";
import { page } from "./_render.tsx";
import { validate } from "./_validate.ts";

const query = z.object({ cursor: z.string().max(200).optional() });

/**
 * GET /tags/:tag and GET /c/:slug — the public, listed videos with a tag or in
 * a category, newest first, a page at a time. A malformed tag or slug, an
 * unknown category, or a tag no visible video carries is a 404 page.
 */
export function taxonomyPageRoutes(deps: { sql: Sql; mediaBaseUrl?: string; pageSize?: number }) {
  const list = (filter: Pick<BrowseOptions, "tag" | "category" | "viewer">, cursor?: string) =>
    listPublicVideos(deps.sql, {
      ...filter,
      limit: deps.pageSize ?? 24,
      cursor,
      mediaBaseUrl: deps.mediaBaseUrl,
    });
  return new Hono()
    .get("/tags/:tag", async (c) => {
      const tag = c.req.param("tag");
      if (!isCanonicalTag(tag)) throw new NotFoundError("There is no such tag.");
      const { cursor } = validate(query, c.req.query());
      const cards = await list({ tag, viewer: c.get("user") }, cursor);
      if (cards.videos.length === 0 && !cursor) throw new NotFoundError("No videos have this tag.");
      return page(
        c,
        <Layout title={`#${tag}`} description={`Videos tagged #${tag} on VideoFlow.`}>
          <h1 class="page-title">#{tag}</h1>
          <VideoGrid
            page={cards}
            nextHref={(next) => `${tagHref(tag)}?cursor=${encodeURIComponent(next)}`}
          />
        </Layout>,
      );
    })
    .get("/c/:slug", async (c) => {
      const category = await findCategory(deps.sql, c.req.param("slug"));
      if (!category) throw new NotFoundError("There is no such category.");
      const { cursor } = validate(query, c.req.query());
      const cards = await list({ category: category.slug, viewer: c.get("user") }, cursor);
      return page(
        c,
        <Layout title={category.name} description={`${category.name} videos on VideoFlow.`}>
          <h1 class="page-title">{category.name}</h1>
          {cards.videos.length === 0
            ? <p class="muted">No videos in this category yet.</p>
            : (
              <VideoGrid
                page={cards}
                nextHref={(next) => `/c/${category.slug}?cursor=${encodeURIComponent(next)}`}
              />
            )}
        </Layout>,
      );
    });
}
