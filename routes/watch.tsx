import { Hono } from "hono";
import { PosterImage } from "../components/PosterImage.tsx";
import { z } from "zod";
import { Layout } from "../components/Layout.tsx";
import { formatViews } from "../components/format.ts";
import { CategoryLink } from "../components/CategoryLink.tsx";
import { LinkedText } from "../components/LinkedText.tsx";
import { TagLinks } from "../components/TagLinks.tsx";
import { NextUpList } from "../components/NextUpList.tsx";
import { ChapterList } from "../components/ChapterList.tsx";
import { CommentsSection } from "../components/CommentsSection.tsx";
import { commentSection } from "../lib/comments/list.ts";
import { formatDuration, timeAgo } from "../components/VideoCard.tsx";
import { NotFoundError } from "../lib/errors.ts";
import {
  accessGroupsEnforced,
  canManage,
  findVisibleVideo,
  premiereFor,
  premiumLocked,
} from "../lib/videos/access.ts";
import { PremiumLocked } from "../components/PremiumParts.tsx";
import { PremiumBadge } from "../components/PremiumBadge.tsx";
import { StudioPremiere } from "../components/StudioPremiere.tsx";
import { findCategory } from "../lib/videos/categories.ts";
import { isListed, videoPolicy } from "../lib/videos/lifecycle.ts";
import { EMBED_SIZE, embedHtml } from "../lib/videos/oembed.ts";
import { lockedPosterUrl, type Playback, playbackFor } from "../lib/videos/playback.ts";
import { getProcessingStatus } from "../lib/videos/processing.ts";
import { relatedVideos } from "../lib/videos/related.ts";
import { watchSocial } from "../lib/social/watch.ts";
import { SocialWatch } from "../components/SocialWatch.tsx";
import NextUp from "../islands/NextUp.tsx";
import Player from "../islands/Player.tsx";
import LivePanel from "../islands/LivePanel.tsx";
import { WatchChat } from "../components/WatchChat.tsx";
import { chatPanel } from "../lib/chat/panel.ts";
import { liveWatchProps } from "../lib/live/watch.ts";
import ShareDialog from "../islands/ShareDialog.tsx";
import ReportButton from "../islands/ReportButton.tsx";
import ReportDialog from "../islands/ReportDialog.tsx";
import ProcessingStatus from "../islands/ProcessingStatus.tsx";
import SaveToPlaylist from "../islands/SaveToPlaylist.tsx";
import FocusToggle from "../islands/FocusToggle.tsx";
import { focusAutoStart } from "../lib/focus/mod.ts";
import { PlaylistPanel } from "../components/PlaylistPanel.tsx";
import { watchPlaylist } from "../lib/playlists/mod.ts";
import { page } from "./_render.tsx";
import { type PlayerPageDeps, playerProps } from "./_player.tsx";

/** Dependencies of the watch page. */
export type WatchDeps = PlayerPageDeps;

/**
 * GET /v/:id — the watch page: meaningful without JavaScript (title, owner,
 * date, description, poster, Open Graph and Twitter tags, oEmbed discovery),
 * with the Player island once the video can play (from `?t=` when given) and
 * live processing progress for its owner before that; a share dialog and a
 * "next up" column of related videos with autoplay.
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
    const live = await liveWatchProps(deps.sql, video.id);
    // Scheduled: others see when it premieres, and nothing plays for them until then.
    const premiere = premiereFor(video, user);
    // Premium-only and not for this viewer: the poster and a call to go premium, no media.
    const locked = status.playable && premiumLocked(video, user);
    const playback: Playback | undefined = status.playable && !premiere && !locked
      ? await playbackFor(deps, { video, viewerId: user?.id })
      : undefined;
    const abs = (u: string | null | undefined) => u ? new URL(u, deps.publicUrl).href : undefined;
    const poster = abs(playback?.posterUrl);
    const description = video.description.slice(0, 300) || `${video.title} on VideoFlow`;
    const base = deps.publicUrl.replace(/\/$/, "");
    const watchUrl = `${base}/v/${video.id}`;
    const embedUrl = `${base}/embed/${video.id}`;
    // What /embed and /oembed serve: listed, and never private (lib/videos/oembed.ts callers).
    const embeddable = !!playback && video.visibility !== "private" &&
      isListed(video.status, videoPolicy(video)) && !accessGroupsEnforced();
    const [related, category, list, comments, social, focusOnLoad, chat] = await Promise.all([
      relatedVideos(deps.sql, video.id, {
        limit: 12,
        mediaBaseUrl: deps.mediaBaseUrl,
        viewer: user,
      }),
      video.category ? findCategory(deps.sql, video.category) : undefined,
      watchPlaylist(deps.sql, {
        ...deps,
        listId: c.req.query("list"),
        videoId: video.id,
        viewer: user,
      }),
      commentSection(deps.sql, { videoId: video.id, viewer: user }),
      watchSocial(deps.sql, { video, viewer: user }),
      user ? focusAutoStart(deps.sql, user.id) : false,
      // A stream's chat while it is on air, then its replay beside the recording.
      chatPanel(deps.sql, { video, viewer: user }),
    ]);
    const { width, height } = EMBED_SIZE;
    const player = playback && deps.hlsUrl
      ? await playerProps(c, { ...deps, hlsUrl: deps.hlsUrl }, {
        video,
        playback,
        resumeKey: user ? `${user.id}:${video.id}` : "",
        history: deps.sql,
      })
      : undefined;
    if (video.visibility !== "public") c.header("Cache-Control", "private, no-store");
    return page(
      c,
      <Layout
        title={video.title}
        description={description}
        head={
          <>
            <link rel="canonical" href={watchUrl} />
            {embeddable && (
              <link
                rel="alternate"
                type="application/json+oembed"
                href={`${base}/oembed?url=${encodeURIComponent(watchUrl)}&format=json`}
                title={video.title}
              />
            )}
            {video.visibility !== "public" && <meta name="robots" content="noindex" />}
            <meta property="og:type" content="video.other" />
            <meta property="og:title" content={video.title} />
            <meta property="og:description" content={description} />
            <meta property="og:url" content={watchUrl} />
            {poster && <meta property="og:image" content={poster} />}
            {embeddable && (
              <>
                <meta property="og:video" content={embedUrl} />
                {embedUrl.startsWith("https:") && (
                  <meta property="og:video:secure_url" content={embedUrl} />
                )}
                <meta property="og:video:type" content="text/html" />
                <meta property="og:video:width" content={String(width)} />
                <meta property="og:video:height" content={String(height)} />
                <meta name="twitter:card" content="player" />
                <meta name="twitter:player" content={embedUrl} />
                <meta name="twitter:player:width" content={String(width)} />
                <meta name="twitter:player:height" content={String(height)} />
              </>
            )}
            {!embeddable && (
              <meta name="twitter:card" content={poster ? "summary_large_image" : "summary"} />
            )}
            <meta name="twitter:title" content={video.title} />
            <meta name="twitter:description" content={description} />
            {poster && <meta name="twitter:image" content={poster} />}
          </>
        }
      >
        <div class={chat ? "watch-layout with-chat" : "watch-layout"}>
          <article class="watch">
            {premiere ? <StudioPremiere at={premiere} /> : locked
              ? (
                <PremiumLocked
                  videoId={video.id}
                  signedIn={!!user}
                  posterUrl={await lockedPosterUrl(deps, video)}
                />
              )
              : player
              ? <Player {...player} live={live} />
              : playback
              ? <PosterImage class="watch-poster" url={playback.posterUrl} />
              : live
              ? <LivePanel {...live} />
              : owner
              ? <ProcessingStatus videoId={video.id} initial={status} />
              : <div class="processing">This video is not ready to watch yet.</div>}
            {chat && <WatchChat videoId={video.id} chat={chat} />}
            <h1 class="watch-title">{video.title}</h1>
            <p class="watch-meta">
              <PremiumBadge premium={video.premium} />
              <a href={`/u/${video.ownerId}`}>{video.ownerName}</a> · {formatViews(video.viewCount)}
              {" "}
              · {timeAgo(video.publishedAt ?? video.createdAt, new Date())}
              {video.durationS !== null && <>{" · "}{formatDuration(video.durationS)}</>}
              {category && (
                <>
                  {" · "}
                  <CategoryLink category={category} />
                </>
              )}
              {video.visibility !== "public" && <>{" · "}{video.visibility}</>}
            </p>
            <SocialWatch video={video} social={social} />
            <div class="watch-actions">
              {video.visibility !== "private" && (
                <ShareDialog
                  url={watchUrl}
                  embedCode={embeddable
                    ? embedHtml({ embedUrl, title: video.title, width, height })
                    : ""}
                />
              )}
              {user && <SaveToPlaylist videoId={video.id} />}
              {player && <FocusToggle videoId={video.id} record={!!user} autoStart={focusOnLoad} />}
              {owner && (
                <a class="button secondary" href={`/studio/videos/${video.id}`}>Edit video</a>
              )}
              {user && user.id !== video.ownerId && (
                <ReportButton target={{ kind: "video", id: video.id, label: "this video" }} />
              )}
            </div>
            {player && <ChapterList videoId={video.id} chapters={player.chapters ?? []} />}
            {video.description && (
              <p class="watch-description">
                <LinkedText text={video.description} />
              </p>
            )}
            <TagLinks tags={video.tags} />
            <CommentsSection section={comments} />
          </article>
          {(related.length > 0 || list) && (
            <aside
              class="next-up"
              aria-labelledby={related.length ? "next-up-title" : "playlist-panel-title"}
            >
              {list && <PlaylistPanel list={list} playing={!!player} />}
              {related.length > 0 && (
                <>
                  <div class="next-up-head">
                    <h2 id="next-up-title">Next up</h2>
                    {player && !list && (
                      <NextUp nextHref={`/v/${related[0].id}`} nextTitle={related[0].title} />
                    )}
                  </div>
                  <NextUpList videos={related} now={new Date()} />
                </>
              )}
            </aside>
          )}
        </div>
        {user && <ReportDialog />}
      </Layout>,
    );
  });
}
