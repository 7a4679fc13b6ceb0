import { useRef, useState } from "preact/hooks";
import { parseStoryboard, type Tile, tileAt } from "./_storyboard.ts";

/** "1:05", "1:02:03". */
export function format(t: number): string {
  if (!Number.isFinite(t)) return "0:00";
  const s = Math.floor(t);
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(h ? 2 : 1, "0");
  return `${h ? `${h}:` : ""}${mm}:${String(s % 60).padStart(2, "0")}`;
}

/** The player's seek bar, with storyboard thumbnails while hovering (the map loads on first hover). */
export function SeekBar(
  props: {
    time: number;
    duration: number;
    storyboardUrl: string | null;
    onSeek: (t: number) => void;
  },
) {
  const tiles = useRef<Tile[] | null>(null);
  const [hover, setHover] = useState<{ x: number; tile?: Tile; t: number } | null>(null);
  const { time, duration } = props;

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
      aria-label="Seek"
      aria-valuemin={0}
      aria-valuemax={Math.floor(duration || 0)}
      aria-valuenow={Math.floor(time)}
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
          <span>{format(hover.t)}</span>
        </div>
      )}
    </div>
  );
}
