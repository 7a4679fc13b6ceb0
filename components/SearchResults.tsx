import type { SearchHit, TextSegment } from "../lib/search/backend.ts";
import { formatDuration, timeAgo } from "./VideoCard.tsx";

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
          <a href={`/v/${v.id}`} class="video-thumb" tabIndex={-1} aria-hidden="true">
            {v.posterUrl
              ? <img src={v.posterUrl} alt="" loading="lazy" />
              : <span class="video-thumb-empty">▶</span>}
            {v.durationS !== null && (
              <span class="video-duration">{formatDuration(v.durationS)}</span>
            )}
          </a>
          <div class="search-result-body">
            <h2 class="video-title">
              <a href={`/v/${v.id}`}>
                {v.title ? <Highlighted segments={v.titleHighlight} /> : "Untitled"}
              </a>
            </h2>
            <p class="video-meta">
              <a href={`/u/${v.ownerId}`}>{v.ownerName}</a> · {v.viewCount}{" "}
              {v.viewCount === 1 ? "view" : "views"} · {timeAgo(v.publishedAt, props.now)}
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
