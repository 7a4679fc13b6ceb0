/** Structured JSON logging: one object per line on stdout (errors on stderr). */

export type LogLevel = "debug" | "info" | "warn" | "error";
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

let threshold: LogLevel = initialLevel();

// The configured level arrives through setLogLevel(); reading LOG_LEVEL here too
// lets tests and tools quieten logs before any configuration is loaded.
function initialLevel(): LogLevel {
  try {
    const v = Deno.env.get("LOG_LEVEL");
    return v && v in ORDER ? v as LogLevel : "info";
  } catch {
    return "info";
  }
}

/** Sets the lowest level that is written; returns the previous one. */
export function setLogLevel(level: LogLevel): LogLevel {
  const previous = threshold;
  threshold = level;
  return previous;
}

let base: Record<string, unknown> = {};

/**
 * Fields every later line of this isolate carries, e.g. `{ web: 2 }` in the
 * second of several web-tier isolates (web_tier.ts), so that a line says who wrote it.
 */
export function setLogFields(fields: Record<string, unknown>): void {
  base = { ...fields };
}

/** Writes one JSON log line with a message and structured fields. */
export function log(level: LogLevel, msg: string, fields: Record<string, unknown> = {}): void {
  if (ORDER[level] < ORDER[threshold]) return;
  const line = JSON.stringify(
    { time: new Date().toISOString(), level, msg, ...base, ...fields },
    replacer,
  );
  if (level === "error" || level === "warn") console.error(line);
  else console.log(line);
}

function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    return { name: value.name, message: value.message, stack: value.stack };
  }
  return value;
}
