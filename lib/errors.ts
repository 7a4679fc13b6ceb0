/**
 * One error type per failure family. lib/ throws these; the web tier maps each
 * family to an HTTP status in one place (middleware/error_handler.ts).
 */
export class AppError extends Error {
  /** Stable machine-readable code, e.g. "not_found". */
  readonly code: string;
  /** Extra detail for the client (field errors, limits). */
  readonly details?: unknown;

  constructor(code: string, message: string, options?: { details?: unknown; cause?: unknown }) {
    super(message, { cause: options?.cause });
    this.code = code;
    this.details = options?.details;
  }
}

/** Input that does not pass validation. */
export class ValidationError extends AppError {
  override name = "ValidationError";
  constructor(message: string, options?: { details?: unknown }) {
    super("invalid_input", message, options);
  }
}

/** The caller is not signed in, or their credentials are not valid. */
export class AuthenticationError extends AppError {
  override name = "AuthenticationError";
  constructor(message = "Sign in to continue.") {
    super("unauthenticated", message);
  }
}

/** The caller is known but may not do this. */
export class PermissionError extends AppError {
  override name = "PermissionError";
  constructor(message = "You are not allowed to do that.") {
    super("forbidden", message);
  }
}

/** The thing does not exist, or its existence must not leak. */
export class NotFoundError extends AppError {
  override name = "NotFoundError";
  constructor(message = "Not found.") {
    super("not_found", message);
  }
}

/** The request conflicts with the current state (duplicate, wrong status). */
export class ConflictError extends AppError {
  override name = "ConflictError";
  constructor(message: string, options?: { details?: unknown }) {
    super("conflict", message, options);
  }
}

/** A size or count limit was exceeded. */
export class LimitError extends AppError {
  override name = "LimitError";
  constructor(message: string, options?: { details?: unknown }) {
    super("too_large", message, options);
  }
}

/** Too many requests; retryAfter is in seconds. */
export class RateLimitError extends AppError {
  override name = "RateLimitError";
  readonly retryAfter: number;
  constructor(
    retryAfter: number,
    options?: { message?: string; details?: Record<string, unknown> },
  ) {
    super("rate_limited", options?.message ?? "Too many requests. Try again later.", {
      details: { ...options?.details, retryAfter },
    });
    this.retryAfter = retryAfter;
  }
}

/** A known feature variant this server does not offer (e.g. oEmbed as XML). */
export class NotImplementedError extends AppError {
  override name = "NotImplementedError";
  constructor(message: string) {
    super("not_implemented", message);
  }
}

/**
 * A backing service (database, storage, queue) is unavailable, or the server
 * is too busy for this now; `retryAfter` (seconds) is sent as Retry-After.
 */
export class UnavailableError extends AppError {
  override name = "UnavailableError";
  readonly retryAfter?: number;
  constructor(message: string, options?: { cause?: unknown; retryAfter?: number }) {
    super("unavailable", message, options);
    this.retryAfter = options?.retryAfter;
  }
}
