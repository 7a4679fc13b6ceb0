/**
 * Whether `err` is PostgreSQL refusing a value itself (SQLSTATE class 22,
 * "data exception": a NUL character, an invalid byte sequence, a number or
 * date out of range, text that does not parse as the column's type). Such a
 * value came from the caller, so it is bad input, never a server fault.
 */
export function isDataException(err: unknown): boolean {
  const e = err as { name?: unknown; code?: unknown } | null;
  return !!e && e.name === "PostgresError" && typeof e.code === "string" &&
    e.code.startsWith("22");
}
