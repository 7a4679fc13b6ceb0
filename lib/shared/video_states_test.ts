import assert from "node:assert/strict";
import {
  hasFailed,
  isAwaitingUpload,
  isInProgress,
  isProcessed,
  isSettled,
  isTerminal,
  STATE,
  STATUS_LABELS,
  statusLabel,
  VIDEO_STATES,
} from "./video_states.ts";

Deno.test("every state has a label, and unknown values are shown as they came", () => {
  for (const s of VIDEO_STATES) assert.ok(STATUS_LABELS[s].length > 0, s);
  assert.equal(statusLabel(STATE.in_review), "In review");
  assert.equal(statusLabel("archived"), "archived");
});

Deno.test("STATE names every state by itself", () => {
  assert.deepEqual(Object.keys(STATE), [...VIDEO_STATES]);
  for (const s of VIDEO_STATES) assert.equal(STATE[s], s);
  assert.ok(Object.isFrozen(STATE));
});

Deno.test("a state is waiting, in progress or settled, never two of them (live aside)", () => {
  for (const s of VIDEO_STATES) {
    const answers = [isAwaitingUpload(s), isInProgress(s), isSettled(s)].filter(Boolean);
    if (s.startsWith("live")) assert.equal(answers.length, 0, s);
    else assert.equal(answers.length, 1, s);
  }
  assert.ok(isSettled(STATE.failed) && hasFailed(STATE.failed) && !isProcessed(STATE.failed));
  assert.ok(isSettled(STATE.ready) && isProcessed(STATE.ready) && !isTerminal(STATE.ready));
  assert.ok(isTerminal(STATE.rejected) && isTerminal(STATE.failed));
  assert.equal(isSettled("nonsense"), false);
});
