import type { Chapter } from "../lib/shared/chapters.ts";
import { format } from "../islands/_SeekBar.tsx";

/**
 * The chapters under the player: each a `?t=` link (works without
 * JavaScript); with the player hydrated, `data-seek` makes it seek in place.
 */
export function ChapterList(props: { videoId: string; chapters: readonly Chapter[] }) {
  if (props.chapters.length === 0) return null;
  return (
    <nav class="chapters" aria-labelledby="chapters-title">
      <h2 id="chapters-title">Chapters</h2>
      <ol>
        {props.chapters.map((c) => (
          <li key={c.startS}>
            <a href={`/v/${props.videoId}?t=${c.startS}`} data-seek={String(c.startS)}>
              <span class="chapter-time">{format(c.startS)}</span> {c.title}
            </a>
          </li>
        ))}
      </ol>
    </nav>
  );
}
