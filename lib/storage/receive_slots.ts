import { UnavailableError } from "../errors.ts";
import { collectGarbage } from "./_collect.ts";

/** How long a part that found every slot taken may wait, by default. */
export const DEFAULT_RECEIVE_WAIT_MS = 60_000;

/** What a refused part's client is told to wait before trying again. */
const RETRY_AFTER_S = 5;

/**
 * A cap on how many upload bodies this process receives at once (issue 18,
 * P6). A part that finds every slot taken waits without reading its body, so
 * HTTP/1.1 and TCP flow control leave its bytes in the kernel and the client
 * instead of in the runtime's buffers; slots are handed over in arrival order.
 * A wait past `waitMs` fails with UnavailableError (503, Retry-After), which
 * the upload client retries with backoff. A limit of 0 means no cap.
 *
 * Every `collectEveryBytes` received (given back with each slot) it runs a
 * full garbage collection: what each received part leaves behind (request and
 * stream objects that lived for the seconds of its upload, and the runtime
 * memory they hold) otherwise piles up in V8's old generation until its own
 * major collection, ≈ 60 MB over 4 GB of parts (issue 18, P6).
 */
export class ReceiveSlots {
  readonly limit: number;
  readonly #waitMs: number;
  readonly #collectEvery: number;
  #sinceCollect = 0;
  #busy = 0;
  readonly #queue: (() => void)[] = [];

  /** `collectEveryBytes` 0 (the default) never collects. */
  constructor(limit: number, options: { waitMs?: number; collectEveryBytes?: number } = {}) {
    this.limit = limit;
    this.#waitMs = options.waitMs ?? DEFAULT_RECEIVE_WAIT_MS;
    this.#collectEvery = options.collectEveryBytes ?? 0;
  }

  /** Bodies being received now. */
  get busy(): number {
    return this.#busy;
  }

  /** Parts waiting for a slot now. */
  get waiting(): number {
    return this.#queue.length;
  }

  /**
   * Waits for a slot and returns the function that gives it back with the
   * bytes received through it (calling it again does nothing). Throws
   * UnavailableError when the wait runs out.
   */
  async take(): Promise<(received?: number) => void> {
    if (this.limit <= 0 || this.#busy < this.limit) {
      this.#busy++;
      return this.#releaser();
    }
    await new Promise<void>((resolve, reject) => {
      const granted = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.#queue.splice(this.#queue.indexOf(granted), 1);
        reject(
          new UnavailableError(
            "The server is receiving many uploads at once; this part will be retried shortly.",
            { retryAfter: RETRY_AFTER_S },
          ),
        );
      }, this.#waitMs);
      this.#queue.push(granted);
    });
    // The slot was handed over by its last holder: #busy already counts it.
    return this.#releaser();
  }

  #releaser(): (received?: number) => void {
    let released = false;
    return (received = 0) => {
      if (released) return;
      released = true;
      const next = this.#queue.shift();
      if (next) next(); // the slot passes straight to the longest waiting part
      else this.#busy--;
      this.#sinceCollect += received;
      if (this.#collectEvery > 0 && this.#sinceCollect >= this.#collectEvery) {
        this.#sinceCollect = 0;
        collectGarbage();
      }
    };
  }
}
