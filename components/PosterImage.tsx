import { posterSrcset } from "../lib/shared/thumbnails.ts";

/**
 * A video's poster as an `<img>`, with a srcset when it is a thumbnail stored
 * in several widths (a video processed before thumbnails existed has one).
 */
export function PosterImage(props: { url: string | null; class: string; sizes?: string }) {
  return (
    <img
      class={props.class}
      src={props.url ?? ""}
      srcset={posterSrcset(props.url)}
      sizes={props.sizes ?? "(max-width: 1000px) 100vw, 1000px"}
      alt=""
    />
  );
}
