import type { ErrorHandler, MiddlewareHandler } from "hono";

// HTTP field values may hold tab, visible ASCII and obs-text; Deno's HTTP layer
// panics (and the whole process exits) on anything else, e.g. 0x01–0x1f or 0x7f.
const UNSAFE_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

/** True when `value` may be sent as an HTTP header value without crashing the server. */
export function isSafeHeaderValue(value: string): boolean {
  return !UNSAFE_VALUE.test(value);
}

/** The names of the headers of `headers` whose values are unsafe. */
export function unsafeHeaders(headers: Headers): string[] {
  const bad: string[] = [];
  for (const [name, value] of headers) if (!isSafeHeaderValue(value)) bad.push(name);
  return bad;
}

/**
 * The last line of defence against a response header built from input that a
 * route forgot to check: such a response is replaced by the app's clean 500
 * (`onError`, which logs it as the bug it is) instead of taking the process
 * down. Register it first, so that it sees what every other layer produced.
 */
export function headerGuard(options: { onError: ErrorHandler }): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const bad = unsafeHeaders(c.res.headers);
    if (bad.length === 0) return;
    await c.res.body?.cancel().catch(() => {});
    // Assigning undefined first stops Hono from copying the old headers over;
    // headers set before the response existed are kept apart, so drop them too.
    c.res = undefined;
    for (const name of bad) c.header(name, undefined);
    c.res = await options.onError(new Error(`unsafe response header(s): ${bad.join(", ")}`), c);
  };
}
