import { type Context, Hono } from "hono";
import { StudioWelcome } from "../components/StudioWelcome.tsx";
import { z } from "zod";
import { Layout } from "../components/Layout.tsx";
import { Shelf } from "../components/Shelf.tsx";
import { VideoGrid } from "../components/VideoGrid.tsx";
import type { Sql } from "../lib/db/mod.ts";
import { listPublicVideos } from "../lib/videos/browse.ts";
import { listCategoryShelves } from "../lib/videos/home_sections.ts";
import { trendingCards } from "../lib/videos/trending.ts";
import { trendingIds as trendingSource } from "../lib/videos/trending_table.ts";
import { page } from "./_render.tsx";
import { followFeed } from "../lib/social/feed.ts";
import { validate } from "./_validate.ts";

const query = z.object({ cursor: z.string().max(200).optional() });
// Two rows of a wide grid; on a phone, a strip of eight to swipe through.
const SHELF_SIZE = 8;

/**
 * GET / — shelves (trending, newest, one per category), or an invitation to
 * start; GET /latest (and /?cursor=, the old address) — every public video,
 * newest first, a page at a time.
 */
export function homeRoutes(
  deps: { sql: Sql; mediaBaseUrl?: string; pageSize?: number; trendingTtlMs?: number },
): Hono {
  const mediaBaseUrl = deps.mediaBaseUrl;
  // The workers' stored ranking (or, until there is one, ranked here at most once a
  // minute); the cards are read fresh. Twice the shelf, so that videos hidden since the
  // ranking leave it still full.
  const trendingIds = trendingSource(deps.sql, {
    limit: SHELF_SIZE * 2,
    ttlMs: deps.trendingTtlMs ?? 60_000,
  });
  const latest = async (c: Context, cursor: string | undefined) => {
    const cards = await listPublicVideos(deps.sql, {
      limit: deps.pageSize ?? 24,
      cursor,
      mediaBaseUrl,
      viewer: c.get("user"),
    });
    return page(
      c,
      <Layout title="Latest videos" description="The newest videos on VideoFlow.">
        <h1 class="page-title">Latest videos</h1>
        <VideoGrid page={cards} nextHref={(next) => `/latest?cursor=${encodeURIComponent(next)}`} />
      </Layout>,
    );
  };
  return new Hono()
    .get("/latest", async (c) => await latest(c, validate(query, c.req.query()).cursor))
    .get("/", async (c) => {
      const { cursor } = validate(query, c.req.query());
      if (cursor) return await latest(c, cursor);
      const user = c.get("user");
      const [trending, newest, shelves, followed] = await Promise.all([
        trendingIds().then((ids) =>
          trendingCards(deps.sql, ids, { limit: SHELF_SIZE, mediaBaseUrl, viewer: user })
        ),
        listPublicVideos(deps.sql, { limit: SHELF_SIZE, mediaBaseUrl, viewer: user }),
        listCategoryShelves(deps.sql, {
          perCategory: SHELF_SIZE,
          maxCategories: 8,
          mediaBaseUrl,
          viewer: user,
        }),
        user ? followFeed(deps.sql, user, { limit: SHELF_SIZE, mediaBaseUrl }) : undefined,
      ]);
      return page(
        c,
        <Layout description="Watch and share videos on VideoFlow.">
          {newest.videos.length === 0
            ? (
              // Worded for who is looking: signed in, nobody is invited to sign up.
              <StudioWelcome user={user} />
            )
            : (
              <>
                <h1 class="visually-hidden">Watch videos on VideoFlow</h1>
                {followed?.videos.length
                  ? (
                    <Shelf
                      id="following"
                      title="From creators you follow"
                      moreHref="/feed"
                      videos={followed.videos}
                    />
                  )
                  : null}
                {trending.length > 0 && <Shelf id="trending" title="Trending" videos={trending} />}
                <Shelf
                  id="newest"
                  title="Latest videos"
                  moreHref="/latest"
                  videos={newest.videos}
                />
                {shelves.map((s) => (
                  <Shelf
                    key={s.category.slug}
                    id={`c-${s.category.slug}`}
                    title={s.category.name}
                    moreHref={`/c/${s.category.slug}`}
                    videos={s.videos}
                  />
                ))}
              </>
            )}
        </Layout>,
      );
    });
}
