import type { SearchHit, TextSegment } from "../lib/search/backend.ts";
import { formatViews } from "./format.ts";
import { timeAgo } from "./VideoCard.tsx";
import { VideoThumb } from "./VideoThumb.tsx";
import { PremiumBadge } from "./PremiumBadge.tsx";

/** Text with the query's words marked (escaped like any text: no HTML from the database). */
export function Highlighted(props: { segments: TextSegment[] }) {
  return <>{props.segments.map((s, i) => s.match ? <mark key={i}>{s.text}</mark> : s.text)}</>;
}

/** The results list: poster, highlighted title, who and when, a highlighted snippet. */
export function SearchResults(props: { hits: SearchHit[]; now: Date }) {
  return (
    <ol class="search-results">
      {props.hits.map((v) => (
        <li key={v.id} class="search-result">
          <VideoThumb
            id={v.id}
            posterUrl={v.posterUrl}
            durationS={v.durationS}
            class="video-thumb"
          />
          <div class="search-result-body">
            <h2 class="video-title">
              <a href={`/v/${v.id}`}>
                {v.title ? <Highlighted segments={v.titleHighlight} /> : "Untitled"}
              </a>
            </h2>
            <p class="video-meta">
              <PremiumBadge premium={v.premium} />
              <a href={`/u/${v.ownerId}`}>{v.ownerName}</a> · {formatViews(v.viewCount)} ·{" "}
              {timeAgo(v.publishedAt, props.now)}
            </p>
            {v.snippet.length > 0 && (
              <p class="search-snippet">
                <Highlighted segments={v.snippet} />
              </p>
            )}
          </div>
        </li>
      ))}
    </ol>
  );
}
