import { Hono } from "hono";
import { PosterImage } from "../components/PosterImage.tsx";
import { z } from "zod";
import { EmbedPage } from "../components/EmbedPage.tsx";
import type { Sql } from "../lib/db/mod.ts";
import { NotFoundError } from "../lib/errors.ts";
import { findVisibleVideo, premiumLocked, type Video } from "../lib/videos/access.ts";
import { PremiumLocked } from "../components/PremiumParts.tsx";
import { isListed, videoPolicy } from "../lib/videos/lifecycle.ts";
import { checkOembedFormat, oembedFor, watchUrlVideoId } from "../lib/videos/oembed.ts";
import { lockedPosterUrl, playbackFor } from "../lib/videos/playback.ts";
import { frameAncestors } from "../middleware/security_headers.ts";
import Player from "../islands/Player.tsx";
import { page } from "./_render.tsx";
import { type PlayerPageDeps, playerProps } from "./_player.tsx";

/** Dependencies of the embed player and oEmbed. */
export type EmbedDeps = PlayerPageDeps;

// A size out of range or not a number is ignored (the default size), not an error.
const SIZE = z.coerce.number().int().min(1).max(4096).optional().catch(undefined);
const OEMBED_QUERY = z.object({
  url: z.string().min(1).max(2048),
  format: z.string().max(16).optional(),
  maxwidth: SIZE,
  maxheight: SIZE,
});

/**
 * A video anyone may embed: public or unlisted and listed, looked up as an
 * anonymous viewer (an embed is seen by strangers, whoever's cookies the frame
 * carries), so a private one is never found. Otherwise NotFound.
 */
async function embeddable(sql: Sql, videoId: string): Promise<Video> {
  const video = await findVisibleVideo(sql, { videoId, viewer: undefined }).catch(() => undefined);
  if (!video || !isListed(video.status, videoPolicy(video))) {
    throw new NotFoundError("We could not find that video.");
  }
  return video;
}

/**
 * GET /embed/:id — a minimal player page other sites may frame (the only
 * route that relaxes frame-ancestors); GET /oembed?url=… — oEmbed 1.0 JSON for
 * this site's watch pages.
 */
export function embedRoutes(deps: EmbedDeps): Hono {
  const base = deps.publicUrl.replace(/\/$/, "");
  return new Hono()
    .get("/embed/:id", frameAncestors("*"), async (c) => {
      const id = z.uuid().safeParse(c.req.param("id"));
      if (!id.success) throw new NotFoundError("We could not find that video.");
      const video = await embeddable(deps.sql, id.data);
      // Strangers watch embeds: a premium-only video shows its poster and the call to go premium.
      if (premiumLocked(video, undefined)) {
        return page(
          c,
          <EmbedPage title={video.title} watchUrl={`${base}/v/${video.id}`}>
            <PremiumLocked
              videoId={video.id}
              signedIn={false}
              posterUrl={await lockedPosterUrl(deps, video)}
            />
          </EmbedPage>,
        );
      }
      const playback = await playbackFor(deps, { video }).catch(() => {
        throw new NotFoundError("This video cannot be played yet.");
      });
      const player = deps.hlsUrl
        ? await playerProps(c, { ...deps, hlsUrl: deps.hlsUrl }, { video, playback, resumeKey: "" })
        : undefined;
      if (video.visibility !== "public") c.header("Cache-Control", "private, no-store");
      return page(
        c,
        <EmbedPage title={video.title} watchUrl={`${base}/v/${video.id}`}>
          {player
            ? <Player {...player} />
            : <PosterImage class="watch-poster" url={playback.posterUrl} />}
        </EmbedPage>,
      );
    })
    .get("/oembed", async (c) => {
      const q = OEMBED_QUERY.safeParse(c.req.query());
      if (!q.success) throw new NotFoundError("That is not a video on this site.");
      checkOembedFormat(q.data.format);
      const videoId = watchUrlVideoId(q.data.url, { publicUrl: deps.publicUrl });
      const video = await embeddable(deps.sql, videoId);
      // Only a public video's poster has a stable URL a consumer may keep.
      const poster = video.visibility === "public"
        ? (await playbackFor(deps, { video }).catch(() => undefined))?.posterUrl
        : undefined;
      if (video.visibility !== "public") c.header("Cache-Control", "private, no-store");
      return c.json(
        oembedFor(video, {
          publicUrl: deps.publicUrl,
          thumbnailUrl: poster ? new URL(poster, `${base}/`).href : undefined,
          maxWidth: q.data.maxwidth,
          maxHeight: q.data.maxheight,
        }),
      );
    });
}
