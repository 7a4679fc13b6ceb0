import type { VideoCard } from "../lib/videos/browse.ts";
import { formatViews } from "./format.ts";
import { formatDuration, timeAgo } from "./VideoCard.tsx";

/** The watch page's related videos: a compact list (poster beside title, creator, views). */
export function NextUpList(props: { videos: VideoCard[]; now: Date }) {
  return (
    <ol class="next-up-list">
      {props.videos.map((v) => (
        <li key={v.id} class="next-up-item">
          <a href={`/v/${v.id}`} class="next-up-thumb" tabIndex={-1} aria-hidden="true">
            {v.posterUrl
              ? <img src={v.posterUrl} alt="" loading="lazy" />
              : <span class="video-thumb-empty">▶</span>}
            {v.durationS !== null && (
              <span class="video-duration">{formatDuration(v.durationS)}</span>
            )}
          </a>
          <div>
            <h3 class="next-up-title">
              <a href={`/v/${v.id}`}>{v.title || "Untitled"}</a>
            </h3>
            <p class="video-meta">
              {v.ownerName} · {formatViews(v.viewCount)} · {timeAgo(v.publishedAt, props.now)}
            </p>
          </div>
        </li>
      ))}
    </ol>
  );
}
