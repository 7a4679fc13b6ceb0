import type { VideoCard as Card } from "../lib/videos/browse.ts";
import { VideoCard } from "./VideoCard.tsx";

/**
 * A titled row of cards on the home page: a grid on wide screens, a sideways
 * scrolling strip (scroll-snap) on a phone. The strip is a focusable region so
 * that keyboard users can scroll it with the arrow keys.
 */
export function Shelf(props: { id: string; title: string; moreHref?: string; videos: Card[] }) {
  const now = new Date();
  const headingId = `shelf-${props.id}`;
  return (
    <section class="shelf" aria-labelledby={headingId}>
      <header class="shelf-head">
        <h2 id={headingId}>{props.title}</h2>
        {props.moreHref && (
          <a href={props.moreHref} aria-label={`See all: ${props.title}`}>See all</a>
        )}
      </header>
      <div class="shelf-row" role="region" aria-labelledby={headingId} tabindex={0}>
        {props.videos.map((v) => <VideoCard key={v.id} video={v} now={now} />)}
      </div>
    </section>
  );
}
