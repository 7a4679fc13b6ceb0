import { UnavailableError } from "../errors.ts";
import { collectGarbage } from "./_collect.ts";

/** How long a part that found every slot taken may wait, by default. */
export const DEFAULT_RECEIVE_WAIT_MS = 60_000;

/** What a refused part's client is told to wait before trying again. */
const RETRY_AFTER_S = 5;

/** A slot held while one body is received. */
export interface ReceiveSlot {
  /** Counts bytes as they arrive (drives the slow-part check and the collection). */
  count(bytes: number): void;
  /** Gives the slot back; calling it again, or after the slot was handed on, frees nothing more. */
  release(): void;
}

/** The receive rate under which a part hands its slot on (bytes/s): 256 kbit/s. */
export const DEFAULT_MIN_BYTES_PER_S = 32 * 1024;

/** How often each slot's rate is checked. */
export const DEFAULT_RATE_CHECK_MS = 10_000;

/**
 * A cap on how many upload bodies this process receives at once (issue 18,
 * P6). A part that finds every slot taken waits without reading its body, so
 * HTTP/1.1 and TCP flow control leave its bytes in the kernel and the client
 * instead of in the runtime's buffers; slots are handed over in arrival order.
 * A wait past `waitMs` fails with UnavailableError (503, Retry-After), which
 * the upload client retries with backoff. A limit of 0 means no cap.
 *
 * A part that receives under `minBytesPerS` over a check period hands its
 * slot to the next waiting part and goes on unslotted: the cap is for fast
 * bodies (their buffers are the memory), and without this a client holding
 * signed part URLs could trickle bytes into every slot for the body's whole
 * time limit and stall everyone else's uploads. A slow honest client is never
 * cut off by it; it just stops counting against the cap.
 *
 * Every `collectEveryBytes` received (counted when a slot is released) it runs
 * a full garbage collection: what each received part leaves behind (request and
 * stream objects that lived for the seconds of its upload, and the runtime
 * memory they hold) otherwise piles up in V8's old generation until its own
 * major collection, ≈ 60 MB over 4 GB of parts (issue 18, P6).
 */
export class ReceiveSlots {
  readonly limit: number;
  readonly #waitMs: number;
  readonly #collectEvery: number;
  readonly #minBytesPerCheck: number;
  readonly #checkMs: number;
  #sinceCollect = 0;
  #busy = 0;
  readonly #queue: (() => void)[] = [];

  /** `collectEveryBytes` 0 (the default) never collects; `minBytesPerS` 0 never hands on. */
  constructor(
    limit: number,
    options: {
      waitMs?: number;
      collectEveryBytes?: number;
      minBytesPerS?: number;
      rateCheckMs?: number;
    } = {},
  ) {
    this.limit = limit;
    this.#waitMs = options.waitMs ?? DEFAULT_RECEIVE_WAIT_MS;
    this.#collectEvery = options.collectEveryBytes ?? 0;
    this.#checkMs = options.rateCheckMs ?? DEFAULT_RATE_CHECK_MS;
    this.#minBytesPerCheck = (options.minBytesPerS ?? DEFAULT_MIN_BYTES_PER_S) * this.#checkMs /
      1000;
  }

  /** Bodies being received now in a slot. */
  get busy(): number {
    return this.#busy;
  }

  /** Parts waiting for a slot now. */
  get waiting(): number {
    return this.#queue.length;
  }

  /**
   * Waits for a slot and returns it. Throws UnavailableError when the wait
   * runs out.
   */
  async take(): Promise<ReceiveSlot> {
    if (this.limit <= 0 || this.#busy < this.limit) {
      this.#busy++;
      return this.#slot();
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
    return this.#slot();
  }

  #slot(): ReceiveSlot {
    let held = true;
    let released = false;
    let total = 0;
    let atCheck = 0;
    const handOn = () => {
      if (!held) return;
      held = false;
      clearInterval(check);
      const next = this.#queue.shift();
      if (next) next(); // the slot passes straight to the longest waiting part
      else this.#busy--;
    };
    // Only a capped store with someone to hand on to needs the check.
    const check = this.limit > 0 && this.#minBytesPerCheck > 0
      ? setInterval(() => {
        if (total - atCheck < this.#minBytesPerCheck && this.#queue.length > 0) handOn();
        atCheck = total;
      }, this.#checkMs)
      : undefined;
    return {
      count: (bytes) => void (total += bytes),
      release: () => {
        if (released) return;
        released = true;
        handOn();
        this.#sinceCollect += total;
        if (this.#collectEvery > 0 && this.#sinceCollect >= this.#collectEvery) {
          this.#sinceCollect = 0;
          collectGarbage();
        }
      },
    };
  }
}
