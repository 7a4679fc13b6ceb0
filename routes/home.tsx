import { Hono } from "hono";
import { z } from "zod";
import { Layout } from "../components/Layout.tsx";
import { VideoGrid } from "../components/VideoGrid.tsx";
import type { Sql } from "../lib/db/mod.ts";
import { listPublicVideos } from "../lib/videos/browse.ts";
import { page } from "./_render.tsx";
import { validate } from "./_validate.ts";

const query = z.object({ cursor: z.string().max(200).optional() });

/** GET / — the newest public videos a page at a time, or an invitation to start. */
export function homeRoutes(deps: { sql: Sql; mediaBaseUrl?: string; pageSize?: number }): Hono {
  return new Hono().get("/", async (c) => {
    const { cursor } = validate(query, c.req.query());
    const cards = await listPublicVideos(deps.sql, {
      limit: deps.pageSize ?? 24,
      cursor,
      mediaBaseUrl: deps.mediaBaseUrl,
    });
    return page(
      c,
      <Layout description="Watch and share videos on VideoFlow.">
        {cards.videos.length === 0 && !cursor
          ? (
            <section class="empty-state">
              <h1>Nothing to watch yet</h1>
              <p>
                VideoFlow is ready. Create an account, upload your first video, and it will appear
                here as soon as it can be played.
              </p>
              <p class="actions">
                <a class="button" href="/signup">Sign up</a>
                <a class="button secondary" href="/upload">Upload a video</a>
              </p>
            </section>
          )
          : (
            <section>
              <h1 class="page-title">Latest videos</h1>
              <VideoGrid page={cards} nextHref={(next) => `/?cursor=${encodeURIComponent(next)}`} />
            </section>
          )}
      </Layout>,
    );
  });
}
