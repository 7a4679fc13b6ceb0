/**
 * Dates as the studio words them, with Intl: relative when recent ("3 hours
 * ago", "in 2 days"), absolute otherwise and on hover. The server renders them
 * in English and UTC; islands/StudioLocalTimes.tsx re-renders them in the
 * viewer's language and time zone. Imports nothing (islands use it).
 */

/** Within this distance a date is said relative to now. */
const RECENT_MS = 7 * 24 * 60 * 60 * 1000;

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
];

/** The viewer's locale and zone; the server passes `en` and `UTC`. */
export interface DateStyle {
  locale?: string;
  timeZone?: string;
}

/** "12 Nov 2026, 14:05 UTC": a date and time with its zone. */
export function absoluteDate(date: Date, style: DateStyle = {}): string {
  return new Intl.DateTimeFormat(style.locale ?? "en", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: style.timeZone ?? "UTC",
  }).format(date) + ` ${zoneName(date, style)}`;
}

/** The zone's short name at that date ("CET", "UTC", "GMT+2"). */
export function zoneName(date: Date, style: DateStyle = {}): string {
  const parts = new Intl.DateTimeFormat(style.locale ?? "en", {
    timeZone: style.timeZone ?? "UTC",
    timeZoneName: "short",
  }).formatToParts(date);
  return parts.find((p) => p.type === "timeZoneName")?.value ?? "";
}

/** "3 hours ago", "in 2 days", "just now"; a date beyond a week: "12 Nov 2026". */
export function relativeDate(date: Date, now: Date, style: DateStyle = {}): string {
  const diff = date.getTime() - now.getTime();
  if (Math.abs(diff) >= RECENT_MS) {
    return new Intl.DateTimeFormat(style.locale ?? "en", {
      dateStyle: "medium",
      timeZone: style.timeZone ?? "UTC",
    }).format(date);
  }
  const rtf = new Intl.RelativeTimeFormat(style.locale ?? "en", { numeric: "auto" });
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms) return rtf.format(Math.round(diff / ms), unit);
  }
  return rtf.format(0, "second") === "now" ? "just now" : rtf.format(0, "second");
}
