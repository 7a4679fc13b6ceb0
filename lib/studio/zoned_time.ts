/**
 * A wall-clock time typed in a form (`<input type="datetime-local">`, no zone)
 * read in the time zone the browser reported, as an instant. Without a zone
 * (no JavaScript) the time is read as UTC, and the form says so.
 */
import { ValidationError } from "../errors.ts";

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const ZONE = /^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/;

/** Whether `zone` is an IANA time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  if (!ZONE.test(zone)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset from UTC at `instant`, in milliseconds (Berlin in winter: +3,600,000). */
function offsetAt(instant: number, zone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(instant));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(n("year"), n("month") - 1, n("day"), n("hour"), n("minute"), n("second"));
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * "2026-11-28T14:00" in `zone` ("Europe/Berlin") → the instant. A time that
 * a clock change skips is read with the offset before the change. Malformed
 * input or an unknown zone: a ValidationError naming the field.
 */
export function zonedTimeToUtc(local: string, zone: string, field = "publishAt"): Date {
  const m = LOCAL.exec(local);
  const invalid = (message: string) =>
    new ValidationError(message, { details: { fields: [{ field, message }] } });
  if (!m) throw invalid("Give a date and a time.");
  if (!isTimeZone(zone)) throw invalid("That time zone is not known.");
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0));
  const guess = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(guess);
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59) {
    throw invalid("That date does not exist.");
  }
  // Twice: the offset at the first estimate may differ across a clock change.
  const first = guess - offsetAt(guess, zone);
  return new Date(guess - offsetAt(first, zone));
}
