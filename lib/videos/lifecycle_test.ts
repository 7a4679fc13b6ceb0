import assert from "node:assert/strict";
import {
  AWAITING_UPLOAD_STATES,
  canTransition,
  DEFAULT_POLICY,
  INITIAL_STATE,
  isListed,
  isPlayable,
  isTerminal,
  LISTED_STATES,
  listedStates,
  mediaAudience,
  REPROCESSED_FROM,
  REVIEWED_POLICY,
  STATE,
  stateAfterProcessing,
  VIDEO_STATES,
} from "./lifecycle.ts";

const OFF = { moderation: false };
const ON = { moderation: true };

Deno.test("without moderation a processed video is ready and listed, as before moderation existed", () => {
  assert.equal(stateAfterProcessing(OFF), STATE.ready);
  assert.ok(isListed(STATE.ready));
  assert.deepEqual(LISTED_STATES, listedStates(OFF));
  assert.equal(mediaAudience(STATE.ready), "anyone");
});

Deno.test("with moderation a processed video waits for review and only published ones are listed", () => {
  assert.equal(stateAfterProcessing(ON), STATE.in_review);
  assert.deepEqual(listedStates(ON), [STATE.published]);
  assert.equal(isListed(STATE.processing, ON), false);
  assert.equal(mediaAudience(STATE.ready, ON), "managers");
  assert.equal(mediaAudience(STATE.in_review, ON), "managers");
  assert.equal(mediaAudience(STATE.published, ON), "anyone");
});

Deno.test("a future publish time schedules the video; a past one publishes it at once", () => {
  const now = new Date("2026-01-01T00:00:00Z");
  const later = new Date("2026-01-02T00:00:00Z");
  assert.equal(stateAfterProcessing(OFF, { publishAt: later, now }), STATE.scheduled);
  assert.equal(stateAfterProcessing(OFF, { publishAt: now, now }), STATE.ready);
  assert.equal(stateAfterProcessing(ON, { publishAt: later, now }), STATE.in_review);
});

Deno.test("processing may reach every state stateAfterProcessing() chooses", () => {
  for (const policy of [OFF, ON]) {
    for (const publishAt of [undefined, new Date(Date.now() + 60_000)]) {
      const to = stateAfterProcessing(policy, { publishAt });
      assert.ok(canTransition(STATE.processing, to), to);
    }
  }
});

Deno.test("what is listed is playable; failed and rejected are played by nobody", () => {
  for (const policy of [OFF, ON]) {
    for (const s of listedStates(policy)) assert.ok(isPlayable(s, policy), s);
  }
  for (const s of VIDEO_STATES.filter(isTerminal)) {
    assert.equal(mediaAudience(s), "nobody", s);
    assert.equal(isListed(s), false, s);
  }
  assert.equal(mediaAudience(STATE.in_review), "managers");
  assert.equal(mediaAudience(STATE.uploading), "nobody");
});

Deno.test("the named sets are consistent with the transitions", () => {
  assert.ok(AWAITING_UPLOAD_STATES.includes(INITIAL_STATE));
  for (const s of REPROCESSED_FROM) assert.ok(canTransition(s, STATE.processing), s);
  assert.equal(REPROCESSED_FROM.includes(STATE.published), false);
});

Deno.test("listedCondition()'s form holds: a reviewed video's listed states are a subset of the others'", () => {
  const reviewed = listedStates(REVIEWED_POLICY);
  const others = listedStates(DEFAULT_POLICY);
  assert.ok(reviewed.every((s) => others.includes(s)), `${reviewed} ⊄ ${others}`);
});
