import { Hono } from "hono";
import { z } from "zod";
import { Layout } from "../components/Layout.tsx";
import { formatDuration, timeAgo } from "../components/VideoCard.tsx";
import type { Sql } from "../lib/db/mod.ts";
import { NotFoundError } from "../lib/errors.ts";
import { canManage, findVisibleVideo } from "../lib/videos/access.ts";
import { type Playback, playbackFor } from "../lib/videos/playback.ts";
import { getProcessingStatus } from "../lib/videos/processing.ts";
import { issueViewToken } from "../lib/videos/views.ts";
import Player from "../islands/Player.tsx";
import ProcessingStatus from "../islands/ProcessingStatus.tsx";
import { page } from "./_render.tsx";
import { viewerKey } from "./_viewer.ts";

/** Dependencies of the watch page. */
export interface WatchDeps {
  sql: Sql;
  secret: string;
  mediaBaseUrl: string;
  publicUrl: string;
  trustProxy: boolean;
  hlsUrl?: string;
}

/**
 * GET /v/:id — the watch page: meaningful without JavaScript (title, owner,
 * date, description, poster, Open Graph and Twitter tags), with the Player
 * island once the video can play and live processing progress for its owner
 * before that.
 */
export function watchRoutes(deps: WatchDeps): Hono {
  return new Hono().get("/v/:id", async (c) => {
    const id = z.uuid().safeParse(c.req.param("id"));
    if (!id.success) throw new NotFoundError("We could not find that video.");
    const user = c.get("user");
    const video = await findVisibleVideo(deps.sql, { videoId: id.data, viewer: user }).catch(() => {
      throw new NotFoundError("We could not find that video.");
    });
    const status = await getProcessingStatus(deps.sql, video.id);
    if (!status) throw new NotFoundError("We could not find that video.");
    const owner = canManage(video, user);
    const playback: Playback | undefined = status.playable
      ? await playbackFor(deps, { video, viewerId: user?.id })
      : undefined;
    const abs = (u: string | null | undefined) => u ? new URL(u, deps.publicUrl).href : undefined;
    const poster = abs(playback?.posterUrl);
    const description = video.description.slice(0, 300) || `${video.title} on VideoFlow`;
    if (video.visibility !== "public") c.header("Cache-Control", "private, no-store");
    return page(
      c,
      <Layout
        title={video.title}
        description={description}
        head={
          <>
            <link rel="canonical" href={`${deps.publicUrl}/v/${video.id}`} />
            {video.visibility !== "public" && <meta name="robots" content="noindex" />}
            <meta property="og:type" content="video.other" />
            <meta property="og:title" content={video.title} />
            <meta property="og:description" content={description} />
            <meta property="og:url" content={`${deps.publicUrl}/v/${video.id}`} />
            {poster && <meta property="og:image" content={poster} />}
            <meta name="twitter:card" content={poster ? "summary_large_image" : "summary"} />
            <meta name="twitter:title" content={video.title} />
            <meta name="twitter:description" content={description} />
            {poster && <meta name="twitter:image" content={poster} />}
          </>
        }
      >
        <article class="watch">
          {playback && deps.hlsUrl
            ? (
              <Player
                videoId={video.id}
                masterUrl={playback.masterUrl}
                posterUrl={playback.posterUrl}
                storyboardUrl={playback.storyboardUrl}
                captions={playback.captions}
                hlsUrl={deps.hlsUrl}
                viewToken={issueViewToken(deps.secret, {
                  videoId: video.id,
                  viewerKey: await viewerKey(c, deps),
                })}
                resumeKey={user ? `${user.id}:${video.id}` : ""}
              />
            )
            : playback
            ? <img class="watch-poster" src={playback.posterUrl ?? ""} alt="" />
            : owner
            ? <ProcessingStatus videoId={video.id} initial={status} />
            : <div class="processing">This video is not ready to watch yet.</div>}
          <h1 class="watch-title">{video.title}</h1>
          <p class="watch-meta">
            <a href={`/u/${video.ownerId}`}>{video.ownerName}</a> · {video.viewCount} views ·{" "}
            {timeAgo(video.publishedAt ?? video.createdAt, new Date())}
            {video.durationS !== null && <>{" · "}{formatDuration(video.durationS)}</>}
            {video.visibility !== "public" && <>{" · "}{video.visibility}</>}
          </p>
          {owner && (
            <p>
              <a class="button secondary" href={`/studio/videos/${video.id}`}>Edit video</a>
            </p>
          )}
          {video.description && <p class="watch-description">{video.description}</p>}
          {video.tags.length > 0 && (
            <p class="watch-tags">{video.tags.map((t) => <span key={t} class="tag">#{t}</span>)}</p>
          )}
        </article>
      </Layout>,
    );
  });
}
