/**
 * CSV (RFC 4180) for exports. A cell that a spreadsheet would run as a
 * formula (starting with = + - @ or a control character) gets a leading
 * apostrophe, since names and titles come from users.
 */

/** One value as a CSV cell. */
export function csvCell(v: unknown): string {
  let s = v === null || v === undefined
    ? ""
    : v instanceof Date
    ? v.toISOString()
    : typeof v === "object"
    ? JSON.stringify(v)
    : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n']/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** A header line and rows as a CSV document (CRLF line ends). */
export function toCsv(header: string[], rows: unknown[][]): string {
  return [header.join(","), ...rows.map((r) => r.map(csvCell).join(","))].join("\r\n") + "\r\n";
}
