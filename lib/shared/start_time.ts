/**
 * Start positions in links (`?t=`), shared by the watch page (which reads
 * them) and the share dialog (which writes them). Imports nothing: islands use it.
 */

/** The longest start position accepted (a day); anything longer is ignored. */
export const MAX_START_SECONDS = 24 * 60 * 60;

const PLAIN = /^\d{1,6}$/;
const UNITS = /^(?:(\d{1,2})h)?(?:(\d{1,4})m)?(?:(\d{1,6})s)?$/;

/**
 * Seconds from `90`, `90s`, `1m30s` or `1h2m3s`; undefined for anything else
 * (empty, negative, fractions, other units, beyond a day), so a bad `t` just
 * starts at the beginning.
 */
export function parseStartTime(raw: string | null | undefined): number | undefined {
  if (!raw || raw.length > 16) return undefined;
  let seconds: number;
  if (PLAIN.test(raw)) seconds = Number(raw);
  else {
    const m = UNITS.exec(raw);
    if (!m || (!m[1] && !m[2] && !m[3])) return undefined;
    seconds = Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
  }
  return seconds > 0 && seconds <= MAX_START_SECONDS ? seconds : undefined;
}

/** `1m30s` for 90 (whole seconds, rounded down), `1h0m5s`, `45s`. */
export function formatStartTime(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  if (h) return `${h}h${m}m${rest}s`;
  if (m) return `${m}m${rest}s`;
  return `${rest}s`;
}
