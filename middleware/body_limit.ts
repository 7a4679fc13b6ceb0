import type { MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { LimitError } from "../lib/errors.ts";

/** A route whose bodies may be larger (or need longer) than the default. */
export interface BodyLimitRule {
  method: string;
  /** A Hono-style path: `:name` matches one segment, a trailing `*` the rest. */
  path: string;
  maxBytes: number;
  /** How long the whole body may take to arrive, from the first read. */
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
    const { stream, stop } = limitStream(body, {
      maxBytes,
      message: rule?.message,
      timeoutMs: rule?.timeoutMs ?? options.timeoutMs,
      idleMs: options.idleMs ?? 15_000,
    });
    c.req.raw = new Request(c.req.raw, { body: stream, duplex: "half" } as RequestInit);
    try {
      await next();
    } finally {
      // The route has answered: a body it did not read needs no watchdog.
      stop();
    }
  };
}

/**
 * `body`, failing with LimitError past `maxBytes` and with a 408 when it is
 * not finished within `timeoutMs` or is silent for `idleMs`. On failure the
 * source is cancelled, so the rest of the body is never read. `stop()` ends
 * the watchdog (once the route has answered).
 */
export function limitStream(
  body: ReadableStream<Uint8Array>,
  options: { maxBytes: number; timeoutMs: number; idleMs: number; message?: string },
): { stream: ReadableStream<Uint8Array>; stop: () => void } {
  // A byte stream (what Deno.serve gives for a body it has not buffered) is read
  // straight into the consumer's buffer: a BYOB consumer (a part streamed to disk)
  // then reuses one buffer instead of leaving a 64 KiB chunk behind per read for
  // the garbage collector (issue 18, P6). Other bodies are read chunk by chunk.
  const reader = byobReader(body) ?? body.getReader();
  // The clock starts at the first read, not when the request arrived: a body nobody reads yet
  // (a part waiting for a receive slot, lib/storage/receive_slots.ts) costs nothing, and its
  // client is held back by flow control meanwhile.
  let deadline = Infinity;
  let received = 0;
  // Silence counts only while a read is waiting on the client, not while the
  // route is busy elsewhere (it has not asked for more yet).
  let waitingSince: number | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let settled = false;
  let ctrl!: ReadableByteStreamController;
  const fail = (err: Error) => {
    settled = true;
    clearTimeout(timer);
    ctrl.error(err);
    reader.cancel(err).catch(() => {});
  };
  // One watchdog per body rather than a timer per chunk: part uploads arrive in
  // thousands of chunks, and per-chunk timers measurably slowed them.
  const arm = (ms: number) => {
    timer = setTimeout(watch, Math.max(0, ms));
  };
  const watch = () => {
    if (settled) return;
    const now = Date.now();
    const idleAt = waitingSince === undefined ? Infinity : waitingSince + options.idleMs;
    const wait = Math.min(idleAt, deadline) - now;
    if (wait > 0) return arm(Math.min(wait, options.idleMs));
    fail(new HTTPException(408, { message: "The request body took too long to arrive." }));
  };
  const stream = new ReadableStream({
    type: "bytes",
    autoAllocateChunkSize: CHUNK_BYTES,
    start(c: ReadableByteStreamController) {
      ctrl = c;
      arm(Math.min(options.idleMs, options.timeoutMs));
    },
    async pull() {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      const into = ctrl.byobRequest;
      waitingSince = Date.now();
      if (deadline === Infinity) deadline = waitingSince + options.timeoutMs;
      try {
        chunk = reader instanceof ReadableStreamBYOBReader && into?.view
          ? await reader.read(
            new Uint8Array(into.view.buffer, into.view.byteOffset, into.view.byteLength),
          )
          : await (reader as ReadableStreamDefaultReader<Uint8Array>).read();
      } catch (err) {
        if (!settled) fail(err instanceof Error ? err : new Error(String(err)));
        return;
      } finally {
        waitingSince = undefined;
      }
      // The watchdog may have failed the stream while this read was waiting.
      if (settled) return;
      if (chunk.done) {
        settled = true;
        clearTimeout(timer);
        ctrl.close();
        // A consumer's read still waiting is answered "no more" (its buffer handed back empty).
        const waiting = ctrl.byobRequest;
        if (waiting && chunk.value) waiting.respondWithNewView(chunk.value);
        else waiting?.respond(0);
        return;
      }
      received += chunk.value.byteLength;
      if (received > options.maxBytes) return fail(tooLarge(options.maxBytes, options.message));
      // The bytes were read into the consumer's own buffer, or are a chunk to hand over.
      if (into && reader instanceof ReadableStreamBYOBReader) into.respondWithNewView(chunk.value);
      else ctrl.enqueue(chunk.value);
    },
    cancel(reason) {
      settled = true;
      clearTimeout(timer);
      return reader.cancel(reason);
    },
  });
  return { stream, stop: () => clearTimeout(timer) };
}

/** Bytes per read when the consumer brings no buffer (Deno.serve's own chunk size). */
const CHUNK_BYTES = 64 * 1024;

/** A reader into the caller's buffers, when `body` is a byte stream. */
function byobReader(body: ReadableStream<Uint8Array>): ReadableStreamBYOBReader | undefined {
  try {
    return body.getReader({ mode: "byob" });
  } catch {
    return undefined; // not a byte stream (a body the runtime buffered, a test's own stream)
  }
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
