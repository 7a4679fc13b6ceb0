import type { MiddlewareHandler } from "hono";

/**
 * Refuses a request whose Host header does not make a URL (`Host: a b`,
 * `[::1`, `x:99999`): Deno passes it through, and every `new URL(c.req.url)`
 * further on (cookie security, CSRF origin checks, the error page itself)
 * would throw. A plain 400 before anything else runs.
 */
export function hostGuard(): MiddlewareHandler {
  return async (c, next) => {
    if (!URL.canParse(c.req.url)) {
      return new Response("Bad Request: the Host header is not a valid host.\n", {
        status: 400,
        headers: { "Content-Type": "text/plain; charset=utf-8", Connection: "close" },
      });
    }
    await next();
  };
}
