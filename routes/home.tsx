import { Hono } from "hono";
import { Layout } from "../components/Layout.tsx";
import { VideoCard } from "../components/VideoCard.tsx";
import type { Sql } from "../lib/db/mod.ts";
import { listPublicVideos } from "../lib/videos/browse.ts";
import { page } from "./_render.tsx";

/** GET / — the newest public videos, or an invitation to start. */
export function homeRoutes(deps: { sql: Sql }): Hono {
  return new Hono().get("/", async (c) => {
    const videos = await listPublicVideos(deps.sql, { limit: 24 });
    const now = new Date();
    return page(
      c,
      <Layout description="Watch and share videos on VideoFlow.">
        {videos.length === 0
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
              <div class="video-grid">
                {videos.map((v) => <VideoCard key={v.id} video={v} now={now} />)}
              </div>
            </section>
          )}
      </Layout>,
    );
  });
}
