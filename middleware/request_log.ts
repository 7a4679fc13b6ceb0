import type { MiddlewareHandler } from "hono";
import { log } from "../lib/log.ts";

/**
 * Gives each request an id (a well-formed incoming X-Request-Id is kept, so a
 * proxy's id carries through), returns it as X-Request-Id, and writes one JSON
 * log line per request.
 */
export function requestLog(): MiddlewareHandler {
  return async (c, next) => {
    const incoming = c.req.header("x-request-id");
    const id = incoming && /^[\w.-]{8,128}$/.test(incoming) ? incoming : crypto.randomUUID();
    c.set("requestId", id);
    const start = performance.now();
    await next();
    c.res.headers.set("X-Request-Id", id);
    log("info", "request", {
      requestId: id,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - start) * 10) / 10,
    });
  };
}

declare module "hono" {
  interface ContextVariableMap {
    requestId: string;
  }
}
