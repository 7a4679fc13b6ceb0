import { UnavailableError } from "../errors.ts";

/** The breaker's state: calls go through (closed), are refused (open), or one trial runs. */
export type BreakerState = "closed" | "open" | "half-open";

/** How a CircuitBreaker behaves; every field has a default. */
export interface BreakerOptions {
  /** Failed calls in a row (after their retries) that open the circuit. */
  failureThreshold?: number;
  /** How long the circuit stays open before one trial call may go (ms). */
  resetMs?: number;
  /** Each attempt's time limit (ms); a slower attempt counts as a transient failure. */
  timeoutMs?: number;
  /** Retries of a transient failure within one call. */
  retries?: number;
  /** First retry's delay (ms), doubled each time, with up to 20 % jitter. */
  backoffMs?: number;
  /** Whether an error is worth retrying and counts against the service (default: all). */
  isTransient?: (err: unknown) => boolean;
  /** The clock (tests move it). */
  now?: () => number;
}

/** Raised for an attempt that ran past the breaker's time limit. */
export class CallTimeoutError extends Error {
  override name = "CallTimeoutError";
}

/**
 * Guards calls to a remote service (Stripe): each attempt has a time limit,
 * transient failures are retried with exponential backoff, and after
 * `failureThreshold` calls in a row fail the circuit opens: calls are refused
 * at once (UnavailableError, 503) for `resetMs`, instead of every request
 * waiting for timeouts. Then one trial call goes through (half-open): its
 * success closes the circuit, its failure opens it again. A non-transient
 * error (Stripe refusing the request itself) is the caller's, not the
 * service's: it is thrown as it is, without retries, and counts as a success
 * for the circuit.
 */
export class CircuitBreaker {
  readonly #o: Required<BreakerOptions>;
  #failures = 0;
  #openedAt = 0;
  #state: BreakerState = "closed";
  #trial = false;

  constructor(readonly name: string, options: BreakerOptions = {}) {
    this.#o = {
      failureThreshold: 5,
      resetMs: 30_000,
      timeoutMs: 10_000,
      retries: 2,
      backoffMs: 200,
      isTransient: () => true,
      now: Date.now,
      ...options,
    };
  }

  /** The state now (an open circuit past its reset time reads half-open). */
  get state(): BreakerState {
    if (this.#state === "open" && this.#o.now() - this.#openedAt >= this.#o.resetMs) {
      return "half-open";
    }
    return this.#state;
  }

  /** Runs `fn` under the breaker's rules (see the class comment). */
  async call<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const state = this.state;
    if (state === "open" || (state === "half-open" && this.#trial)) {
      throw new UnavailableError(`${this.name} is unavailable; try again in a moment.`);
    }
    if (state === "half-open") this.#trial = true;
    try {
      const value = await this.#attempts(fn, state === "half-open" ? 0 : this.#o.retries);
      this.#failures = 0;
      this.#state = "closed";
      return value;
    } catch (err) {
      if (!this.#o.isTransient(err) && !(err instanceof CallTimeoutError)) {
        if (state === "half-open") this.#state = "closed";
        this.#failures = 0;
        throw err;
      }
      this.#failures++;
      if (state === "half-open" || this.#failures >= this.#o.failureThreshold) {
        this.#state = "open";
        this.#openedAt = this.#o.now();
      }
      throw new UnavailableError(`${this.name} is unavailable; try again in a moment.`, {
        cause: err,
      });
    } finally {
      if (state === "half-open") this.#trial = false;
    }
  }

  async #attempts<T>(fn: (signal: AbortSignal) => Promise<T>, retries: number): Promise<T> {
    for (let attempt = 0;; attempt++) {
      try {
        return await this.#withTimeout(fn);
      } catch (err) {
        const transient = err instanceof CallTimeoutError || this.#o.isTransient(err);
        if (!transient || attempt >= retries) throw err;
        const delay = this.#o.backoffMs * 2 ** attempt * (1 + Math.random() * 0.2);
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  async #withTimeout<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new CallTimeoutError(`${this.name} did not answer in ${this.#o.timeoutMs} ms`));
      }, this.#o.timeoutMs);
    });
    try {
      return await Promise.race([fn(controller.signal), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
