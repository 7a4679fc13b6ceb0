/**
 * The date range of an analytics page: the last 7, 28 or 90 days, or custom
 * from–to (at most MAX_RANGE_DAYS), in UTC days, ending today by default.
 */
import { addDays, utcDay } from "./partitions.ts";

/** The presets the pages offer. */
export const RANGE_PRESETS = [7, 28, 90] as const;
/** The longest custom range (every query is bounded by it). */
export const MAX_RANGE_DAYS = 366;

/** An inclusive range of UTC days. */
export interface DayRange {
  from: string;
  to: string;
  /** The preset it is, or "custom". */
  preset: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The range a query string asks for: `range=7|28|90`, or `from` and `to`
 * (YYYY-MM-DD; swapped if reversed; clamped to MAX_RANGE_DAYS ending at
 * `to`); anything else falls back to the last 28 days.
 */
export function parseRange(
  query: { range?: string; from?: string; to?: string },
  now = Date.now(),
): DayRange {
  const today = utcDay(now);
  const valid = (d?: string) => d && DAY.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`));
  if (valid(query.from) && valid(query.to)) {
    let [from, to] = [query.from!, query.to!].sort();
    if (to > today) to = today;
    if (from > to) from = to;
    if (daysIn({ from, to }) > MAX_RANGE_DAYS) from = addDays(to, -(MAX_RANGE_DAYS - 1));
    return { from, to, preset: "custom" };
  }
  const n = RANGE_PRESETS.find((p) => String(p) === query.range) ?? 28;
  return { from: addDays(today, -(n - 1)), to: today, preset: String(n) };
}

/** Number of days in the range. */
export function daysIn(r: { from: string; to: string }): number {
  return Math.round((Date.parse(`${r.to}T00:00:00Z`) - Date.parse(`${r.from}T00:00:00Z`)) / 864e5) +
    1;
}

/** Every day of the range, in order. */
export function eachDay(r: { from: string; to: string }): string[] {
  return Array.from({ length: daysIn(r) }, (_, i) => addDays(r.from, i));
}
