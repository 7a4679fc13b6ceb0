/**
 * The player events the browser reports to POST /api/v1/events (docs/DESIGN.md,
 * "Analytics"): one list shared by the Player's analytics hook, the focus-mode
 * hook and the server's validation, so that a kind added here is accepted
 * everywhere at once. Browser-safe (no zod: the server builds its schema from it).
 */

/** Every kind of event a playback session may report. */
export const EVENT_KINDS = [
  /** Playback started or resumed. `pos`: media time (s). */
  "play",
  /** Paused. `pos`. */
  "pause",
  /** A seek. `from` → `to` (s). */
  "seek",
  /** Media time really played since the last report: `from` → `to` (s), one range per event. */
  "progress",
  /** Reached the end. `pos`. */
  "complete",
  /** The picture's height changed (quality switch). `value`: the new height in pixels. */
  "quality",
  /** Playback stalled for want of data (not a seek). `pos`. */
  "rebuffer_start",
  /** Playback resumed after a stall. `value`: the stall's length (ms). */
  "rebuffer_end",
  /** A fatal error ended playback. `detail`: a short code. */
  "error",
  /** From the viewer's click (or autoplay) to the first frame. `value`: ms. */
  "startup",
  /** Focus mode switched on (reported by the focus-mode hook). `pos`. */
  "focus_start",
  /** Focus mode switched off. `value`: interruptions counted while it was on; `pos`. */
  "focus_end",
] as const;

/** One kind of player event. */
export type EventKind = typeof EVENT_KINDS[number];

/** One event as the browser sends it. */
export interface PlayerEvent {
  /** Position in its session, from 0: with the session id it makes the event unique. */
  seq: number;
  kind: EventKind;
  /** When it happened (ms since the epoch, the browser's clock). */
  at: number;
  pos?: number;
  from?: number;
  to?: number;
  value?: number;
  detail?: string;
}

/** What a page load tells about how the viewer arrived (sent with every batch). */
export interface SessionContext {
  /** "watch" or "embed": the page the player is on. */
  page: "watch" | "embed";
  /** document.referrer ("" when none). */
  referrer: string;
  /** The browser's time zone (Intl), used for the region when no CDN names a country. */
  tz: string;
  /** Do-Not-Track or Global Privacy Control is on in this browser. */
  optOut: boolean;
}

/** One request's worth of events. */
export interface EventBatch extends SessionContext {
  sessionId: string;
  videoId: string;
  events: PlayerEvent[];
}

/** The most events one batch may carry. */
export const MAX_BATCH_EVENTS = 100;

/** The path the player posts batches to. */
export const EVENTS_PATH = "/api/v1/events";

/**
 * A DOM event (CustomEvent, bubbling) another player hook dispatches on the
 * <video> or anything inside the player to add an event to the playback
 * session, e.g. focus mode: `detail` = {kind: "focus_end", value: 2}. The
 * analytics hook numbers, times and sends it with the rest.
 */
export const PLAYER_ANALYTICS_EVENT = "vf-analytics";

/** What PLAYER_ANALYTICS_EVENT carries. */
export type ExtraPlayerEvent = Omit<PlayerEvent, "seq" | "at">;
