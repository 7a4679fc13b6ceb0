import { useRef, useState } from "preact/hooks";
import { parseStoryboard, type Tile, tileAt } from "./_storyboard.ts";
import { type Chapter, chapterAt } from "../lib/shared/chapters.ts";

/** "1:05", "1:02:03". */
export function format(t: number): string {
  if (!Number.isFinite(t)) return "0:00";
  const s = Math.floor(t);
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(h ? 2 : 1, "0");
  return `${h ? `${h}:` : ""}${mm}:${String(s % 60).padStart(2, "0")}`;
}

/** "1 minute 5 seconds", "2 hours 3 minutes", "0 seconds": a time as a screen reader says it. */
export function spoken(t: number): string {
  const s = Math.max(0, Math.floor(Number.isFinite(t) ? t : 0));
  const parts: [number, string][] = [
    [Math.floor(s / 3600), "hour"],
    [Math.floor((s % 3600) / 60), "minute"],
    [s % 60, "second"],
  ];
  const said = parts.filter(([n]) => n > 0).map(([n, unit]) => `${n} ${unit}${n === 1 ? "" : "s"}`);
  return said.length ? said.join(" ") : "0 seconds";
}

/**
 * The player's seek bar: a focusable slider (the player's arrow keys move it;
 * its value is read out as "1 minute 5 seconds of 3 minutes"), with chapter
 * marks, and storyboard thumbnails and the chapter's title while hovering
 * (the map loads on first hover).
 */
export function SeekBar(
  props: {
    time: number;
    duration: number;
    storyboardUrl: string | null;
    chapters: readonly Chapter[];
    onSeek: (t: number) => void;
  },
) {
  const tiles = useRef<Tile[] | null>(null);
  const [hover, setHover] = useState<{ x: number; tile?: Tile; t: number } | null>(null);
  const { time, duration } = props;
  const current = chapterAt(props.chapters, time);
  const hoverChapter = hover ? chapterAt(props.chapters, hover.t) : undefined;

  async function onHover(e: MouseEvent) {
    const rect = (e.currentTarget as HTMLElement).getBoundingClientRect();
    const x = Math.max(0, Math.min(rect.width, e.clientX - rect.left));
    const t = (x / rect.width) * (duration || 0);
    if (props.storyboardUrl && tiles.current === null) {
      tiles.current = [];
      const base = new URL(props.storyboardUrl, location.href).href;
      tiles.current = parseStoryboard(await (await fetch(base)).text(), base);
    }
    setHover({ x, t, tile: tileAt(tiles.current ?? [], t) });
  }

  return (
    <div
      class="player-seek"
      role="slider"
      tabIndex={0}
      aria-label="Seek"
      aria-valuemin={0}
      aria-valuemax={Math.floor(duration || 0)}
      aria-valuenow={Math.floor(time)}
      aria-valuetext={`${spoken(time)} of ${spoken(duration)}${
        current ? `, chapter: ${current.title}` : ""
      }`}
      onMouseMove={onHover}
      onMouseLeave={() => setHover(null)}
      onClick={(e) => {
        const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
        props.onSeek(((e.clientX - r.left) / r.width) * (duration || 0));
      }}
    >
      <div
        class="player-seek-fill"
        style={{ width: `${duration ? (time / duration) * 100 : 0}%` }}
      />
      {duration > 0 && props.chapters.slice(1).map((c) => (
        <span
          key={c.startS}
          class="player-chapter-mark"
          aria-hidden="true"
          style={{ left: `${(c.startS / duration) * 100}%` }}
        />
      ))}
      {hover && (
        <div class="player-preview" style={{ left: `${hover.x}px` }}>
          {hover.tile && (
            <div
              class="player-preview-img"
              style={{
                width: `${hover.tile.w}px`,
                height: `${hover.tile.h}px`,
                background: `url("${hover.tile.url}") -${hover.tile.x}px -${hover.tile.y}px`,
              }}
            />
          )}
          {hoverChapter && <span class="player-preview-chapter">{hoverChapter.title}</span>}
          <span>{format(hover.t)}</span>
        </div>
      )}
    </div>
  );
}
