import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import {
  AppError,
  AuthenticationError,
  ConflictError,
  LimitError,
  NotFoundError,
  NotImplementedError,
  PermissionError,
  RateLimitError,
  UnavailableError,
  ValidationError,
} from "../lib/errors.ts";
import { isDataException } from "../lib/db/errors.ts";
import { log } from "../lib/log.ts";

/** The one place where failure families become HTTP statuses. */
const STATUSES: [new (...args: never[]) => AppError, ContentfulStatusCode][] = [
  [ValidationError, 400],
  [AuthenticationError, 401],
  [PermissionError, 403],
  [NotFoundError, 404],
  [ConflictError, 409],
  [LimitError, 413],
  [RateLimitError, 429],
  [NotImplementedError, 501],
  [UnavailableError, 503],
];

/** Maps an error to a status and the public envelope `{error: {code, message, details}}`. */
export function toErrorResponse(err: unknown): {
  status: ContentfulStatusCode;
  body: { error: { code: string; message: string; details?: unknown } };
} {
  if (err instanceof AppError) {
    const status = STATUSES.find(([type]) => err instanceof type)?.[1] ?? 500;
    return {
      status,
      body: { error: { code: err.code, message: err.message, details: err.details } },
    };
  }
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    const code = status === 413
      ? "too_large"
      : status === 408
      ? "timeout"
      : status < 500
      ? "bad_request"
      : "internal";
    return { status, body: { error: { code, message: err.message || "Bad request." } } };
  }
  if (isDataException(err)) {
    // The last line of defence: a value the database refuses came from the caller.
    const message = "Some of the input cannot be stored (a character or value out of range).";
    return { status: 400, body: { error: { code: "invalid_input", message } } };
  }
  return {
    status: 500,
    body: { error: { code: "internal", message: "Something went wrong on our side." } },
  };
}

/** A page renderer for HTML errors (404 and 500 pages). */
export type ErrorPage = (c: Context, status: ContentfulStatusCode, message: string) => Response;

/**
 * Hono error handler: JSON envelopes under /api, pages elsewhere. Unexpected
 * errors are logged with the request id; their details never reach the client.
 */
export function errorHandler(options: { page: ErrorPage }): ErrorHandler {
  return (err, c) => {
    const { status, body } = toErrorResponse(err);
    // 501 (a variant not offered) and a busy 503 with Retry-After (the client retries) are
    // deliberate answers, not failures to look into.
    const busy = err instanceof UnavailableError && err.retryAfter !== undefined;
    if (status >= 500 && status !== 501 && !busy) {
      log("error", "request failed", { requestId: c.get("requestId"), path: c.req.path, err });
    }
    if (err instanceof RateLimitError || busy) c.header("Retry-After", String(err.retryAfter));
    if (wantsJson(c)) return c.json(body, status);
    return options.page(c, status, body.error.message);
  };
}

/** Hono not-found handler with the same envelope and page. */
export function notFoundHandler(options: { page: ErrorPage }): NotFoundHandler {
  return (c) => {
    const message = "We could not find that page.";
    if (wantsJson(c)) return c.json({ error: { code: "not_found", message } }, 404);
    return options.page(c, 404, message);
  };
}

// Machine-facing prefixes answer JSON; everything else is a page.
const JSON_PREFIXES = ["/api/", "/_storage/", "/_islands/", "/media/", "/static/"];

function wantsJson(c: Context): boolean {
  return JSON_PREFIXES.some((p) => c.req.path.startsWith(p));
}
