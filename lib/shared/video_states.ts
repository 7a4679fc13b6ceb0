/**
 * A video's states, their labels and the questions a page or an island asks of
 * them. Shared by the server (lib/videos/lifecycle.ts builds the transitions on
 * it) and the islands, which run in browsers: so this file imports nothing.
 * No other file spells a state's name.
 */

/** Every state a video can be in (migrations/0007_lifecycle.sql holds the same set). */
export const VIDEO_STATES = [
  "uploading",
  "uploaded",
  "processing",
  "ready",
  "in_review",
  "scheduled",
  "published",
  "rejected",
  "failed",
  "live_scheduled",
  "live",
  "live_ended",
] as const;

/** A video's state. */
export type VideoState = typeof VIDEO_STATES[number];

/**
 * The states by name, for code that sets one (`transition(sql, id, {to:
 * STATE.failed})`) or names one in an answer: a misspelt name does not compile,
 * and a search for a state finds every use.
 */
export const STATE: { readonly [S in VideoState]: S } = Object.freeze(
  Object.fromEntries(VIDEO_STATES.map((s) => [s, s])) as { [S in VideoState]: S },
);

/** Whether `value` names a state. */
export function isVideoState(value: unknown): value is VideoState {
  return typeof value === "string" && (VIDEO_STATES as readonly string[]).includes(value);
}

/** What the studio shows for each state. */
export const STATUS_LABELS: Readonly<Record<VideoState, string>> = {
  uploading: "Uploading",
  uploaded: "Queued",
  processing: "Processing",
  ready: "Ready",
  in_review: "In review",
  scheduled: "Scheduled",
  published: "Published",
  rejected: "Rejected",
  failed: "Failed",
  live_scheduled: "Live soon",
  live: "Live",
  live_ended: "Stream ended",
};

/** The label of a state; an unknown value (a newer server) is shown as it came. */
export function statusLabel(state: string): string {
  return isVideoState(state) ? STATUS_LABELS[state] : state;
}

function inSet(set: readonly VideoState[]): (state: string) => boolean {
  return (state) => (set as readonly string[]).includes(state);
}

/** The bytes are still on their way: the upload has not completed. */
export const isAwaitingUpload: (state: string) => boolean = inSet(["uploading"]);

/** Processing is queued or running and will move the video on by itself. */
export const isInProgress: (state: string) => boolean = inSet(["uploaded", "processing"]);

/** Processing ended without a playable result (the reason is in `status_reason`). */
export const hasFailed: (state: string) => boolean = inSet(["failed"]);

/** Processing has produced its final master playlist (whatever review or schedule follows). */
export const isProcessed: (state: string) => boolean = inSet([
  "ready",
  "in_review",
  "scheduled",
  "published",
  "rejected",
]);

/**
 * Nothing will change the state by itself any more (only a person: an edit, a
 * review, a re-run): processing finished, well or not. Progress streams stop here.
 */
export const isSettled: (state: string) => boolean = (state) =>
  isProcessed(state) || hasFailed(state);

/** An end of the road: the video will never play unless a person acts (re-run, new review). */
export const isTerminal: (state: string) => boolean = inSet(["failed", "rejected"]);

/**
 * The studio's status filter ("My videos"): the groups of states a creator
 * thinks in, each with its label. The keys are the `status` query values.
 */
export const STUDIO_STATUS_FILTERS: Readonly<
  Record<string, { label: string; states: readonly VideoState[] }>
> = {
  processing: { label: "Uploading or processing", states: ["uploading", "uploaded", "processing"] },
  ready: { label: "Ready or published", states: ["ready", "published"] },
  scheduled: { label: "Scheduled", states: ["scheduled"] },
  in_review: { label: "In review", states: ["in_review"] },
  failed: { label: "Failed or rejected", states: ["failed", "rejected"] },
};
