import { posterSrcset } from "../lib/shared/thumbnails.ts";

/**
 * The Player's poster as an image with a srcset, so that a phone loads the
 * 320 or 640 px picture rather than the 1280 px one (a `<video poster>` takes
 * one URL). Shown until playback starts; a video processed before thumbnails
 * existed has a single poster, which stays the video's own `poster`.
 */
export function PlayerPoster(props: { url: string | null; started: boolean }) {
  const srcset = posterSrcset(props.url);
  if (!srcset || props.started) return null;
  return (
    <img
      class="player-poster"
      src={props.url!}
      srcset={srcset}
      sizes="(max-width: 1000px) 100vw, 1000px"
      alt=""
    />
  );
}

/** The `<video poster>`: only when there is no srcset poster over it. */
export function videoPoster(url: string | null): string | undefined {
  return url && !posterSrcset(url) ? url : undefined;
}
