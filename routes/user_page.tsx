import { Hono } from "hono";
import { z } from "zod";
import { Layout } from "../components/Layout.tsx";
import { avatarUrl, findPublicProfile } from "../lib/auth/mod.ts";
import { NotFoundError } from "../lib/errors.ts";
import type { Sql } from "../lib/db/mod.ts";
import { VideoGrid } from "../components/VideoGrid.tsx";
import { listPublicVideos } from "../lib/videos/browse.ts";
import { channelStats } from "../lib/videos/channel.ts";
import { ChannelPlaylists } from "../components/PlaylistCards.tsx";
import { listPublicPlaylists } from "../lib/playlists/mod.ts";
import { followState } from "../lib/social/follows.ts";
import { ChannelFollow } from "../components/SocialWatch.tsx";
import { page } from "./_render.tsx";
import ReportButton from "../islands/ReportButton.tsx";
import ReportDialog from "../islands/ReportDialog.tsx";
import { validate } from "./_validate.ts";

const query = z.object({
  cursor: z.string().max(200).optional(),
  sort: z.enum(["newest", "popular"]).default("newest"),
});
const SORT_LABELS = { newest: "Newest", popular: "Most viewed" } as const;

/**
 * GET /u/:id — a creator's channel: avatar, name, bio, joined date, public
 * video count and total views, and their videos (newest or most viewed).
 * The stats list is a <dl> so later counts (followers, playlists) slot in.
 */
export function userPageRoutes(deps: { sql: Sql; mediaBaseUrl?: string }): Hono {
  return new Hono().get("/u/:id", async (c) => {
    // Not a uuid: no such person (Postgres would refuse to compare it, a 500).
    const id = z.uuid().safeParse(c.req.param("id"));
    const profile = id.success ? await findPublicProfile(deps.sql, id.data) : undefined;
    if (!profile) throw new NotFoundError("We could not find that person.");
    const { cursor, sort } = validate(query, c.req.query());
    const [cards, stats, playlists, follow] = await Promise.all([
      listPublicVideos(deps.sql, {
        limit: 24,
        cursor,
        sort,
        ownerId: profile.id,
        mediaBaseUrl: deps.mediaBaseUrl,
        viewer: c.get("user"),
      }),
      channelStats(deps.sql, profile.id, { viewer: c.get("user") }),
      listPublicPlaylists(deps.sql, { ownerId: profile.id, viewer: c.get("user"), limit: 12 }),
      followState(deps.sql, { creatorId: profile.id, viewer: c.get("user") }),
    ]);
    const src = avatarUrl(profile.avatarKey);
    const viewer = c.get("user");
    const base = `/u/${profile.id}`;
    return page(
      c,
      <Layout title={profile.displayName}>
        <section class="profile-head">
          {src
            ? <img class="avatar" src={src} alt="" width={96} height={96} />
            : <span class="avatar" aria-hidden="true">{[...profile.displayName][0]}</span>}
          <div>
            <h1>{profile.displayName}</h1>
            <div class="channel-actions">
              <ChannelFollow creator={profile} follow={follow} />
              {viewer && viewer.id !== profile.id && (
                <ReportButton
                  target={{ kind: "user", id: profile.id, label: profile.displayName }}
                />
              )}
            </div>
            <dl class="channel-stats">
              <div>
                <dt>Videos</dt>
                <dd>{stats.videoCount.toLocaleString("en")}</dd>
              </div>
              <div>
                <dt>Views</dt>
                <dd>{stats.totalViews.toLocaleString("en")}</dd>
              </div>
              <div>
                <dt>Followers</dt>
                <dd>{follow.followers.toLocaleString("en")}</dd>
              </div>
              <div>
                <dt>Joined</dt>
                <dd>
                  <time datetime={profile.createdAt.toISOString()}>
                    {profile.createdAt.toISOString().slice(0, 10)}
                  </time>
                </dd>
              </div>
              <div>
                <dt>Role</dt>
                <dd>{roleLabel(profile.role)}</dd>
              </div>
            </dl>
          </div>
        </section>
        {profile.bio && <p class="profile-bio">{profile.bio}</p>}
        <div class="channel-videos-head">
          <h2>Videos</h2>
          <nav class="sort-tabs" aria-label="Sort videos">
            {(["newest", "popular"] as const).map((s) => (
              <a
                key={s}
                href={s === "newest" ? base : `${base}?sort=${s}`}
                aria-current={s === sort ? "page" : undefined}
              >
                {SORT_LABELS[s]}
              </a>
            ))}
          </nav>
        </div>
        {cards.videos.length
          ? (
            <VideoGrid
              page={cards}
              nextHref={(next) => `${base}?sort=${sort}&cursor=${encodeURIComponent(next)}`}
            />
          )
          : <p class="muted">No public videos yet.</p>}
        <ChannelPlaylists playlists={playlists.playlists} />
        {viewer && <ReportDialog />}
      </Layout>,
    );
  });
}

function roleLabel(role: string): string {
  return role === "admin"
    ? "Admin"
    : role === "moderator"
    ? "Moderator"
    : role === "creator"
    ? "Creator"
    : "Viewer";
}
