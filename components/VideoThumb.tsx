import { formatDuration } from "./VideoCard.tsx";
import { posterSrcset } from "../lib/shared/thumbnails.ts";

/**
 * A poster linking to the watch page, with the duration over it; hidden from
 * the keyboard and screen readers because the title beside it is the same link.
 */
export function VideoThumb(
  props: {
    id: string;
    posterUrl: string | null;
    durationS: number | null;
    class: string;
    /** Where it links, when not the plain watch page (e.g. within a playlist). */
    href?: string;
    /** How wide it is shown, for the srcset (a compact list by default). */
    sizes?: string;
  },
) {
  return (
    <a href={props.href ?? `/v/${props.id}`} class={props.class} tabIndex={-1} aria-hidden="true">
      {props.posterUrl
        ? (
          <img
            src={props.posterUrl}
            srcset={posterSrcset(props.posterUrl)}
            sizes={props.sizes ?? "(max-width: 560px) 45vw, 200px"}
            alt=""
            loading="lazy"
          />
        )
        : <span class="video-thumb-empty">▶</span>}
      {props.durationS !== null && (
        <span class="video-duration">{formatDuration(props.durationS)}</span>
      )}
    </a>
  );
}
