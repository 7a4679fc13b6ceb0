import type { VideoCard } from "../lib/videos/browse.ts";
import { formatViews } from "./format.ts";
import { timeAgo } from "./VideoCard.tsx";
import { VideoThumb } from "./VideoThumb.tsx";
import { PremiumBadge } from "./PremiumBadge.tsx";

/** The watch page's related videos: a compact list (poster beside title, creator, views). */
export function NextUpList(props: { videos: VideoCard[]; now: Date }) {
  return (
    <ol class="next-up-list">
      {props.videos.map((v) => (
        <li key={v.id} class="next-up-item">
          <VideoThumb
            id={v.id}
            posterUrl={v.posterUrl}
            durationS={v.durationS}
            class="next-up-thumb"
          />
          <div>
            <h3 class="next-up-title">
              <a href={`/v/${v.id}`}>{v.title || "Untitled"}</a>
            </h3>
            <p class="video-meta">
              <PremiumBadge premium={v.premium} />
              {v.ownerName} · {formatViews(v.viewCount)} · {timeAgo(v.publishedAt, props.now)}
            </p>
          </div>
        </li>
      ))}
    </ol>
  );
}
