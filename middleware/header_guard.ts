import type { Context, ErrorHandler, MiddlewareHandler } from "hono";

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
    if (c.get("headersChecked")) return;
    const bad = unsafeHeaders(c.res.headers);
    if (bad.length === 0) return;
    await c.res.body?.cancel().catch(() => {});
    const error = new Error(`unsafe response header(s): ${bad.join(", ")}`);
    const fallback = await options.onError(error, c);
    // The error page may carry headers set earlier on the context: keep only safe ones.
    const headers = new Headers();
    for (const [name, value] of fallback.headers) {
      if (isSafeHeaderValue(value)) headers.append(name, value);
    }
    // Assigning undefined first stops Hono from copying the old headers over.
    c.res = undefined;
    c.res = new Response(fallback.body, { status: fallback.status, headers });
  };
}

/**
 * For a hot route that built every header value of its answer from constants
 * and values it checked with isSafeHeaderValue() itself (the media edge):
 * the guard then skips walking the response's headers, which costs about a
 * quarter of such a request's CPU (Deno sorts the header list to iterate it).
 * The layers above add only constant or validated values.
 */
export function headersChecked(c: Context): void {
  c.set("headersChecked", true);
}

declare module "hono" {
  interface ContextVariableMap {
    /** Set by headersChecked(). */
    headersChecked: boolean | undefined;
  }
}
