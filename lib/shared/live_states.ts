/**
 * A live stream's ingest states (separate from its video's lifecycle, which
 * says only live_scheduled, live, live_ended): shared by the server and the
 * islands, so this file imports nothing. migrations/0030_live.sql holds the set.
 *
 * idle → starting (a publisher was accepted) → streaming (segments flow) ⇄
 * reconnecting (the publisher dropped; 30 s to come back) → ended.
 */
export const STREAM_STATES = ["idle", "starting", "streaming", "reconnecting", "ended"] as const;

/** A stream's ingest state. */
export type StreamState = typeof STREAM_STATES[number];

/** The states by name. */
export const STREAM: { readonly [S in StreamState]: S } = Object.freeze(
  Object.fromEntries(STREAM_STATES.map((s) => [s, s])) as { [S in StreamState]: S },
);

/** The states in which a stream holds (or waits for) a publisher: it counts as running. */
export const ACTIVE_STREAM_STATES: readonly StreamState[] = [
  "starting",
  "streaming",
  "reconnecting",
];

/** What a viewer and the studio read for each state. */
export const STREAM_LABELS: Readonly<Record<StreamState, string>> = {
  idle: "Not started",
  starting: "Starting",
  streaming: "Live",
  reconnecting: "Reconnecting",
  ended: "Ended",
};

/** Whether a stream in this state is on air (or briefly off while the encoder reconnects). */
export function isOnAir(state: string): boolean {
  return (ACTIVE_STREAM_STATES as readonly string[]).includes(state);
}
