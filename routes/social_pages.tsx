import { Hono } from "hono";
import { z } from "zod";
import { FollowSuggestions } from "../components/FollowSuggestions.tsx";
import { Layout } from "../components/Layout.tsx";
import { VideoGrid } from "../components/VideoGrid.tsx";
import type { Sql } from "../lib/db/mod.ts";
import { followFeed } from "../lib/social/feed.ts";
import { follow, followsAnyone, unfollow } from "../lib/social/follows.ts";
import { listLikedVideos } from "../lib/social/liked.ts";
import { react, unreact } from "../lib/social/reactions.ts";
import { suggestCreators } from "../lib/social/suggestions.ts";
import { requireUser } from "../middleware/auth.ts";
import { formText } from "./_form.ts";
import { page } from "./_render.tsx";
import { validate } from "./_validate.ts";

const PAGE_SIZE = 24;
const query = z.object({ cursor: z.string().max(200).optional() });
const uuid = z.object({ id: z.uuid() });
const reactionForm = z.object({ reaction: z.enum(["like", "dislike", "none"]) });
// Where a follow form may come back to: only our own pages, never another site.
const BACK = /^\/(feed|[uv]\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const followForm = z.object({
  follow: z.enum(["on", "off"]),
  back: z.string().regex(BACK).optional().catch(undefined),
});

/**
 * GET /feed (new videos from followed creators, or creators to follow),
 * GET /liked (liked videos), and the forms the like and follow buttons submit
 * without JavaScript: POST /v/:id/reaction and POST /u/:id/follow (303 back).
 */
export function socialPageRoutes(deps: { sql: Sql; mediaBaseUrl?: string }): Hono {
  const { sql, mediaBaseUrl } = deps;
  const signedIn = requireUser({ signInPage: true });
  return new Hono()
    .get("/feed", signedIn, async (c) => {
      const user = c.get("user")!;
      const { cursor } = validate(query, c.req.query());
      const feed = await followFeed(sql, user, { limit: PAGE_SIZE, cursor, mediaBaseUrl });
      const empty = feed.videos.length === 0 && !cursor;
      const [creators, following] = empty
        ? await Promise.all([
          suggestCreators(sql, user, { limit: 8 }),
          followsAnyone(sql, user.id),
        ])
        : [[], true];
      return page(
        c,
        <Layout title="Following" description="New videos from the creators you follow.">
          <h1 class="page-title">Following</h1>
          {empty ? <FollowSuggestions creators={creators} following={following} /> : (
            <VideoGrid
              page={feed}
              nextHref={(next) => `/feed?cursor=${encodeURIComponent(next)}`}
            />
          )}
        </Layout>,
      );
    })
    .get("/liked", signedIn, async (c) => {
      const { cursor } = validate(query, c.req.query());
      const liked = await listLikedVideos(sql, c.get("user")!, {
        limit: PAGE_SIZE,
        cursor,
        mediaBaseUrl,
      });
      return page(
        c,
        <Layout title="Liked videos">
          <h1 class="page-title">Liked videos</h1>
          {liked.videos.length || cursor
            ? (
              <VideoGrid
                page={liked}
                nextHref={(next) => `/liked?cursor=${encodeURIComponent(next)}`}
              />
            )
            : <p class="muted">Videos you like appear here.</p>}
        </Layout>,
      );
    })
    .post("/v/:id/reaction", requireUser(), async (c) => {
      const { id } = validate(uuid, c.req.param());
      const { reaction } = validate(reactionForm, await formText(c));
      const viewer = c.get("user")!;
      if (reaction === "none") await unreact(sql, { videoId: id, viewer });
      else await react(sql, { videoId: id, viewer, reaction });
      return c.redirect(`/v/${id}`, 303);
    })
    .post("/u/:id/follow", requireUser(), async (c) => {
      const { id } = validate(uuid, c.req.param());
      const form = validate(followForm, await formText(c));
      const viewer = c.get("user")!;
      if (form.follow === "on") await follow(sql, { creatorId: id, viewer });
      else await unfollow(sql, { creatorId: id, viewer });
      return c.redirect(form.back ?? `/u/${id}`, 303);
    });
}
