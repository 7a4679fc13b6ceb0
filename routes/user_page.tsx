import { Hono } from "hono";
import { z } from "zod";
import { Layout } from "../components/Layout.tsx";
import { avatarUrl, findPublicProfile } from "../lib/auth/mod.ts";
import { NotFoundError } from "../lib/errors.ts";
import type { Sql } from "../lib/db/mod.ts";
import { VideoGrid } from "../components/VideoGrid.tsx";
import { listPublicVideos } from "../lib/videos/browse.ts";
import { page } from "./_render.tsx";

/** GET /u/:id — a user's public profile: name, avatar, bio. */
export function userPageRoutes(deps: { sql: Sql; mediaBaseUrl?: string }): Hono {
  return new Hono().get("/u/:id", async (c) => {
    // Not a uuid: no such person (Postgres would refuse to compare it, a 500).
    const id = z.uuid().safeParse(c.req.param("id"));
    const profile = id.success ? await findPublicProfile(deps.sql, id.data) : undefined;
    if (!profile) throw new NotFoundError("We could not find that person.");
    const cursor = c.req.query("cursor")?.slice(0, 200);
    const cards = await listPublicVideos(deps.sql, {
      limit: 24,
      cursor,
      ownerId: profile.id,
      mediaBaseUrl: deps.mediaBaseUrl,
    });
    const src = avatarUrl(profile.avatarKey);
    return page(
      c,
      <Layout title={profile.displayName}>
        <section class="profile-head">
          {src
            ? <img class="avatar" src={src} alt="" width={96} height={96} />
            : <span class="avatar" aria-hidden="true">{[...profile.displayName][0]}</span>}
          <div>
            <h1>{profile.displayName}</h1>
            <p class="muted">
              {roleLabel(profile.role)} · joined {profile.createdAt.toISOString().slice(0, 10)}
            </p>
          </div>
        </section>
        {profile.bio && <p class="profile-bio">{profile.bio}</p>}
        <h2>Videos</h2>
        {cards.videos.length
          ? (
            <VideoGrid
              page={cards}
              nextHref={(next) => `/u/${profile.id}?cursor=${encodeURIComponent(next)}`}
            />
          )
          : <p class="muted">No public videos yet.</p>}
      </Layout>,
    );
  });
}

function roleLabel(role: string): string {
  return role === "admin" ? "Admin" : role === "creator" ? "Creator" : "Viewer";
}
