/**
 * Focus mode's rules, shared by the watch page's FocusToggle island and the
 * server that stores focus sessions (docs/DESIGN.md, "Focus mode and
 * metrics"): the limits a report must keep, and the tracker that turns page
 * events into a session's figures. Pure: no DOM, times are passed in (ms).
 */

/** Cursor, controls and the toggle hide after this long without movement (ms). */
export const FOCUS_IDLE_MS = 3000;
/** The longest session stored (s); a longer report is refused as impossible. */
export const FOCUS_MAX_SESSION_S = 12 * 3600;
/** The most interruptions of one kind a session may report. */
export const FOCUS_MAX_INTERRUPTIONS = 10_000;
/** Sessions shorter than this (s) are not reported: a toggle pressed twice is not a session. */
export const FOCUS_MIN_SESSION_S = 1;
/** The attribute on <html> while focus mode is on ("on"), and while idle in it ("idle"). */
export const FOCUS_ATTR = "data-focus";

/** Why the viewer's attention left: the tab was hidden, or the window lost focus. */
export type InterruptionKind = "hidden" | "blur";

/** What the browser reports when a session ends (POST /api/v1/focus-sessions). */
export interface FocusReport {
  clientId: string;
  videoId: string;
  startedAt: string;
  endedAt: string;
  hiddenCount: number;
  hiddenS: number;
  blurCount: number;
  blurS: number;
  completed: boolean;
}

/**
 * One focus session's clock. An interruption starts at the first `away()` and
 * ends at the `back()` of the same kind; a blur that turns into a hidden tab
 * (switching tabs blurs first) is one interruption of kind "hidden", so the
 * two kinds never overlap and their total never exceeds the session.
 */
export class FocusTracker {
  readonly startedAt: number;
  completed = false;
  #away: { kind: InterruptionKind; since: number } | undefined;
  #count = { hidden: 0, blur: 0 };
  #ms = { hidden: 0, blur: 0 };

  constructor(now: number) {
    this.startedAt = now;
  }

  /** The page was hidden or the window blurred at `now`. */
  away(kind: InterruptionKind, now: number): void {
    if (!this.#away) this.#away = { kind, since: now };
    else if (kind === "hidden") this.#away.kind = "hidden";
  }

  /** The page is visible again ("hidden") or the window has focus again ("blur"). */
  back(kind: InterruptionKind, now: number): void {
    if (this.#away?.kind !== kind) return;
    this.#close(now);
  }

  /** Whether an interruption is under way. */
  get interrupted(): boolean {
    return this.#away !== undefined;
  }

  /** Ends the session at `now` (closing an interruption under way): the report's figures. */
  finish(ids: { clientId: string; videoId: string }, now: number): FocusReport {
    if (this.#away) this.#close(now);
    const end = Math.max(now, this.startedAt);
    return {
      ...ids,
      startedAt: new Date(this.startedAt).toISOString(),
      endedAt: new Date(end).toISOString(),
      hiddenCount: this.#count.hidden,
      hiddenS: round(this.#ms.hidden / 1000),
      blurCount: this.#count.blur,
      blurS: round(this.#ms.blur / 1000),
      completed: this.completed,
    };
  }

  #close(now: number) {
    const away = this.#away!;
    this.#away = undefined;
    this.#count[away.kind]++;
    this.#ms[away.kind] += Math.max(0, now - away.since);
  }
}

function round(s: number): number {
  return Math.round(s * 10) / 10;
}
