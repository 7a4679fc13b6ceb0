import type { VideoCard as Card } from "../lib/videos/browse.ts";
import { CategoryLink } from "./CategoryLink.tsx";
import { formatViews } from "./format.ts";
import { posterSrcset } from "../lib/shared/thumbnails.ts";
import { PremiumBadge } from "./PremiumBadge.tsx";

/** One video in a grid: poster, title, duration, owner, views, age, category. */
export function VideoCard(props: { video: Card; now: Date }) {
  const v = props.video;
  return (
    <article class="video-card">
      <a href={`/v/${v.id}`} class="video-thumb">
        {v.posterUrl
          ? (
            <img
              src={v.posterUrl}
              srcset={posterSrcset(v.posterUrl)}
              sizes="(max-width: 560px) 100vw, 360px"
              alt=""
              loading="lazy"
            />
          )
          : <span class="video-thumb-empty" aria-hidden="true">▶</span>}
        {v.durationS !== null && <span class="video-duration">{formatDuration(v.durationS)}</span>}
      </a>
      <h3 class="video-title">
        <a href={`/v/${v.id}`}>{v.title || "Untitled"}</a>
      </h3>
      <p class="video-meta">
        <PremiumBadge premium={v.premium} />
        <a href={`/u/${v.ownerId}`}>{v.ownerName}</a> · {formatViews(v.viewCount)}
        {" · "}
        {timeAgo(v.publishedAt, props.now)}
        {!!v.commentCount && ` · ${v.commentCount} comment${v.commentCount === 1 ? "" : "s"}`}
        {v.category && (
          <>
            {" · "}
            <CategoryLink category={v.category} />
          </>
        )}
      </p>
    </article>
  );
}

/** "1:05", "1:02:03". */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/** "3 days ago". */
export function timeAgo(then: Date, now: Date): string {
  const s = Math.max(0, (now.getTime() - then.getTime()) / 1000);
  const units: [number, string][] = [[31536000, "year"], [2592000, "month"], [86400, "day"], [
    3600,
    "hour",
  ], [60, "minute"]];
  for (const [size, name] of units) {
    const n = Math.floor(s / size);
    if (n >= 1) return `${n} ${name}${n > 1 ? "s" : ""} ago`;
  }
  return "just now";
}
