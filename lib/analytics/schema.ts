/**
 * The shape of an event batch (POST /api/v1/events), built from the shared
 * kind list. Shape errors refuse the whole batch (400); values that are
 * well-formed but impossible (negative or future times, ranges past the
 * duration) are dropped one by one by `plausibleEvents()`.
 */
import { z } from "zod";
import { EVENT_KINDS, MAX_BATCH_EVENTS, type PlayerEvent } from "../shared/analytics_events.ts";

const num = z.number().finite().min(-1e9).max(1e13);

/** One event. */
export const eventSchema = z.object({
  seq: z.number().int().min(0).max(1_000_000),
  kind: z.enum(EVENT_KINDS),
  at: z.number().int().min(0).max(1e13),
  pos: num.optional(),
  from: num.optional(),
  to: num.optional(),
  value: num.optional(),
  detail: z.string().max(64).regex(/^[\w .:-]*$/).optional(),
}).strict();

/** One batch. */
export const batchSchema = z.object({
  sessionId: z.uuid(),
  videoId: z.uuid(),
  page: z.enum(["watch", "embed"]),
  referrer: z.string().max(2048),
  tz: z.string().max(64),
  optOut: z.boolean(),
  events: z.array(eventSchema).min(1).max(MAX_BATCH_EVENTS),
}).strict();

/** A validated batch. */
export type Batch = z.infer<typeof batchSchema>;

/** How far ahead of the server's clock an event may claim to be (clock skew). */
export const FUTURE_SKEW_MS = 60_000;
/** How old an event may be when it arrives (a tab left in the background). */
export const MAX_AGE_MS = 24 * 3_600_000;

/**
 * The events that could have happened: not in the future nor older than
 * MAX_AGE_MS; positions and ranges within 0…duration (+1 s of rounding),
 * ranges that go forward; values within their kind's bounds; one event per
 * `seq` (the first). The rest are dropped, not refused: one bad event does
 * not cost the batch.
 */
export function plausibleEvents(
  events: PlayerEvent[],
  options: { now: number; durationS: number | null },
): PlayerEvent[] {
  const end = (options.durationS ?? 86_400) + 1;
  const within = (x: number | undefined) => x === undefined || (x >= 0 && x <= end);
  const seen = new Set<number>();
  return events.filter((e) => {
    if (seen.has(e.seq)) return false;
    seen.add(e.seq);
    if (e.at > options.now + FUTURE_SKEW_MS || e.at < options.now - MAX_AGE_MS) return false;
    if (!within(e.pos) || !within(e.from) || !within(e.to)) return false;
    if (e.value !== undefined && (e.value < 0 || e.value > VALUE_MAX[e.kind])) return false;
    switch (e.kind) {
      case "progress":
        return e.from !== undefined && e.to !== undefined && e.to > e.from;
      case "seek":
        return e.from !== undefined && e.to !== undefined;
      case "startup":
      case "rebuffer_end":
      case "quality":
        return e.value !== undefined;
      default:
        return true;
    }
  });
}

// Startup and stalls in ms (2 and 10 minutes), heights in pixels, interruptions counted.
const VALUE_MAX: Record<PlayerEvent["kind"], number> = {
  play: 0,
  pause: 0,
  seek: 0,
  progress: 0,
  complete: 0,
  quality: 8640,
  rebuffer_start: 0,
  rebuffer_end: 600_000,
  error: 0,
  startup: 120_000,
  focus_start: 0,
  focus_end: 100_000,
};
