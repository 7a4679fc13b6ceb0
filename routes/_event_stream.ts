import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import { RateLimitError } from "../lib/errors.ts";
import type { OpenSlots } from "../lib/rate_limit.ts";

/** How many event streams a user may hold open, for how long, and how often they re-check. */
export interface EventStreamLimits {
  maxPerUser: number;
  /** The stream ends after this long; EventSource reconnects by itself. */
  maxLifetimeMs: number;
  /** The session is checked again this often; the stream ends once it is signed out. */
  recheckMs: number;
}

/** Defaults: 10 streams per user (per web process), 30 minutes each, re-checked every 5 s. */
export const EVENT_STREAM_LIMITS: EventStreamLimits = {
  maxPerUser: 10,
  maxLifetimeMs: 30 * 60 * 1000,
  recheckMs: 5000,
};

/** Sends one event of the stream. */
export type SendEvent = (event: string, data: unknown) => Promise<void>;

/**
 * A signed-in user's server-sent event stream under the caps of the hardening
 * issue: at most `limits.maxPerUser` open per user (429 beyond), ended after
 * `maxLifetimeMs` (`end` with reason `lifetime`) or once the session is no
 * longer valid (`end`, `signed-out`). `tick` runs every `pollMs` and sends
 * what changed; it returns true when the stream has nothing more to say.
 * Every stream (processing status, notifications) is made here, so the caps
 * cannot differ between them.
 */
export function userEventStream(
  c: Context,
  slots: OpenSlots,
  options: {
    limits: EventStreamLimits;
    pollMs: number;
    tick: (send: SendEvent) => Promise<boolean>;
  },
): Response {
  const { limits } = options;
  const session = c.get("session")!;
  const release = slots.acquire(c.get("user")!.id);
  if (!release) {
    throw new RateLimitError(5, {
      message: `You have ${limits.maxPerUser} event streams open; close one first.`,
      details: { limit: limits.maxPerUser, used: limits.maxPerUser, requested: 1 },
    });
  }
  return streamSSE(c, async (stream) => {
    stream.onAbort(release);
    const send: SendEvent = (event, data) => stream.writeSSE({ event, data: JSON.stringify(data) });
    try {
      const started = Date.now();
      let checked = started;
      while (!stream.aborted) {
        if (Date.now() - started >= limits.maxLifetimeMs) {
          await send("end", { reason: "lifetime" });
          break;
        }
        if (Date.now() - checked >= limits.recheckMs) {
          checked = Date.now();
          if (!await session.stillValid()) {
            await send("end", { reason: "signed-out" });
            break;
          }
        }
        if (await options.tick(send)) break;
        await stream.sleep(options.pollMs);
      }
    } finally {
      release();
    }
  });
}
