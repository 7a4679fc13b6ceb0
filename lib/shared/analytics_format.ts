/**
 * How analytics numbers read, the same in a chart's axis (browser) and in
 * the tables and CSV beside it (server): counts with separators, durations
 * as h/min/s, shares as percentages, milliseconds as "1.2 s".
 */

/** The unit of a chart's values. */
export type ChartUnit = "count" | "duration" | "share" | "ms";

/** `v` in `unit`, short (an axis label or a table cell). */
export function formatValue(v: number, unit: ChartUnit): string {
  switch (unit) {
    case "count":
      return Math.round(v).toLocaleString("en-US");
    case "share":
      return `${(v * 100).toFixed(v > 0 && v < 0.1 ? 1 : 0)}%`;
    case "ms":
      return v < 1000 ? `${Math.round(v)} ms` : `${(v / 1000).toFixed(1)} s`;
    case "duration":
      return formatDurationShort(v);
  }
}

/** Seconds as "45 s", "12 min", "3.4 h". */
export function formatDurationShort(s: number): string {
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(s < 36_000 ? 1 : 0)} h`;
}
