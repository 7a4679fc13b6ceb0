/** Storyboard thumbnails: a WebVTT file whose cues point at tiles of a sprite (`sprite.jpg#xywh=x,y,w,h`). */

/** One tile: the time span it stands for and where it sits in the sprite. */
export interface Tile {
  start: number;
  end: number;
  url: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Parses a storyboard WebVTT map; sprite URLs are resolved against `base`. */
export function parseStoryboard(vtt: string, base: string): Tile[] {
  const tiles: Tile[] = [];
  const lines = vtt.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = /^([\d:.]+)\s+-->\s+([\d:.]+)/.exec(lines[i]);
    if (!m) continue;
    const target = (lines[i + 1] ?? "").trim();
    const t = /^(.*)#xywh=(\d+),(\d+),(\d+),(\d+)$/.exec(target);
    if (!t) continue;
    tiles.push({
      start: seconds(m[1]),
      end: seconds(m[2]),
      url: new URL(t[1], base).href,
      x: Number(t[2]),
      y: Number(t[3]),
      w: Number(t[4]),
      h: Number(t[5]),
    });
  }
  return tiles;
}

/** The tile for time `t`, or undefined. */
export function tileAt(tiles: Tile[], t: number): Tile | undefined {
  return tiles.find((tile) => t >= tile.start && t < tile.end) ?? tiles.at(-1);
}

function seconds(stamp: string): number {
  return stamp.split(":").reduce((acc, part) => acc * 60 + Number(part), 0);
}
