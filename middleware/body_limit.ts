import type { MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { LimitError } from "../lib/errors.ts";

/** A route whose bodies may be larger (or need longer) than the default. */
export interface BodyLimitRule {
  method: string;
  /** A Hono-style path: `:name` matches one segment, a trailing `*` the rest. */
  path: string;
  maxBytes: number;
  /** How long the whole body may take to arrive. */
  timeoutMs?: number;
  /** What a person is told when the body is too large (the default names the byte count). */
  message?: string;
}

/** Defaults and overrides for bodyLimit(). */
export interface BodyLimitOptions {
  maxBytes: number;
  timeoutMs: number;
  /** Longest silence between two chunks of a body. */
  idleMs?: number;
  rules?: BodyLimitRule[];
}

/**
 * Caps every request body before anything reads it: a declared
 * Content-Length over the route's limit is refused at once (413), and the
 * body stream itself is replaced by one that counts bytes as they arrive
 * (chunked bodies included) and fails with LimitError at the first byte over
 * the limit, or with a 408 when the body takes longer than the route allows
 * or stalls. Nothing is buffered here: readers upstream see the same stream.
 * Hono's own bodyLimit buffers chunked bodies up to the limit before the
 * route runs, which would defeat streamed part uploads.
 */
export function bodyLimit(options: BodyLimitOptions): MiddlewareHandler {
  const rules = (options.rules ?? []).map((r) => ({ ...r, pattern: pathPattern(r.path) }));
  return async (c, next) => {
    const body = c.req.raw.body;
    if (!body) return await next();
    const rule = rules.find((r) => r.method === c.req.method && r.pattern.test(c.req.path));
    const maxBytes = rule?.maxBytes ?? options.maxBytes;
    const declared = c.req.header("content-length");
    if (declared !== undefined && !(Number(declared) <= maxBytes)) {
      throw tooLarge(maxBytes, rule?.message);
    }
    const limited = limitStream(body, {
      maxBytes,
      message: rule?.message,
      timeoutMs: rule?.timeoutMs ?? options.timeoutMs,
      idleMs: options.idleMs ?? 15_000,
    });
    c.req.raw = new Request(c.req.raw, { body: limited, duplex: "half" } as RequestInit);
    await next();
  };
}

/**
 * `body`, failing with LimitError past `maxBytes` and with a 408 when it is
 * not finished within `timeoutMs` or is silent for `idleMs`. On failure the
 * source is cancelled, so the rest of the body is never read.
 */
export function limitStream(
  body: ReadableStream<Uint8Array>,
  options: { maxBytes: number; timeoutMs: number; idleMs: number; message?: string },
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  const deadline = Date.now() + options.timeoutMs;
  let received = 0;
  const fail = (ctrl: ReadableStreamDefaultController<Uint8Array>, err: Error) => {
    ctrl.error(err);
    reader.cancel(err).catch(() => {});
  };
  return new ReadableStream<Uint8Array>({
    async pull(ctrl) {
      const wait = Math.min(options.idleMs, deadline - Date.now());
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), Math.max(0, wait));
      });
      let chunk: ReadableStreamReadResult<Uint8Array> | "timeout";
      try {
        chunk = await Promise.race([reader.read(), timeout]);
      } catch (err) {
        return ctrl.error(err);
      } finally {
        clearTimeout(timer);
      }
      if (chunk === "timeout") {
        return fail(
          ctrl,
          new HTTPException(408, { message: "The request body took too long to arrive." }),
        );
      }
      if (chunk.done) return ctrl.close();
      received += chunk.value.byteLength;
      if (received > options.maxBytes) {
        return fail(ctrl, tooLarge(options.maxBytes, options.message));
      }
      ctrl.enqueue(chunk.value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}

function tooLarge(maxBytes: number, message?: string): LimitError {
  return new LimitError(message ?? `The request body may be at most ${maxBytes} bytes.`, {
    details: { maxBytes },
  });
}

function pathPattern(path: string): RegExp {
  const escaped = path.split("/").map((seg) =>
    seg === "*" ? ".*" : seg.startsWith(":") ? "[^/]+" : seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
  );
  return new RegExp(`^${escaped.join("/")}$`);
}
