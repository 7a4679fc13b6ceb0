import type { CardPage } from "../lib/videos/browse.ts";
import { VideoCard } from "./VideoCard.tsx";

/** A grid of video cards with a link to the next page. */
export function VideoGrid(props: { page: CardPage; nextHref: (cursor: string) => string }) {
  const now = new Date();
  return (
    <>
      <div class="video-grid">
        {props.page.videos.map((v) => <VideoCard key={v.id} video={v} now={now} />)}
      </div>
      {props.page.nextCursor && (
        <p class="pager">
          <a class="button secondary" rel="next" href={props.nextHref(props.page.nextCursor)}>
            Older videos
          </a>
        </p>
      )}
    </>
  );
}
