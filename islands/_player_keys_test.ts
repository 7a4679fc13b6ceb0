import assert from "node:assert/strict";
import { actionForKey, pageKeyAllowed, stepSpeed } from "./_player_keys.ts";

Deno.test("actionForKey() maps the documented shortcuts", () => {
  assert.deepEqual(actionForKey(" "), { kind: "toggle-play" });
  assert.deepEqual(actionForKey("k"), { kind: "toggle-play" });
  assert.deepEqual(actionForKey("j"), { kind: "seek-by", seconds: -10 });
  assert.deepEqual(actionForKey("l"), { kind: "seek-by", seconds: 10 });
  assert.deepEqual(actionForKey("ArrowRight"), { kind: "seek-by", seconds: 5 });
  assert.deepEqual(actionForKey("ArrowDown"), { kind: "volume-by", delta: -0.05 });
  assert.deepEqual(actionForKey("7"), { kind: "seek-to-fraction", fraction: 0.7 });
  assert.deepEqual(actionForKey("f"), { kind: "toggle-fullscreen" });
  assert.deepEqual(actionForKey("m"), { kind: "toggle-mute" });
  assert.deepEqual(actionForKey("c"), { kind: "toggle-captions" });
  assert.deepEqual(actionForKey(">"), { kind: "speed-step", direction: 1 });
  assert.equal(actionForKey("x"), undefined);
});

Deno.test("stepSpeed() moves one step and stops at the ends", () => {
  assert.equal(stepSpeed(1, 1), 1.25);
  assert.equal(stepSpeed(1, -1), 0.75);
  assert.equal(stepSpeed(2, 1), 2);
  assert.equal(stepSpeed(0.25, -1), 0.25);
});

Deno.test("page-wide shortcuts: on the page and plain content, never in fields or on controls", () => {
  const el = (matches: boolean) => ({ closest: (_: string) => (matches ? {} : null) });
  const none = { ctrlKey: false, metaKey: false, altKey: false };
  assert.equal(pageKeyAllowed(el(false), none), true);
  assert.equal(pageKeyAllowed(null, none), true);
  assert.equal(pageKeyAllowed(el(true), none), false, "inside a field or control");
  assert.equal(pageKeyAllowed(el(false), { ...none, ctrlKey: true }), false, "browser shortcuts");
  assert.equal(pageKeyAllowed(el(false), { ...none, metaKey: true }), false);
});
