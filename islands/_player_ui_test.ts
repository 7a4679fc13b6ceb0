import assert from "node:assert/strict";
import { DOUBLE_TAP_MS, tapMeaning } from "./_player_ui.ts";

Deno.test("double taps on the outer thirds seek 10 s; everything else is a single tap", () => {
  const left = { at: 1000, x: 0.1 };
  assert.deepEqual(tapMeaning(undefined, left), { kind: "single" });
  assert.deepEqual(tapMeaning(left, { at: 1200, x: 0.2 }), { kind: "seek", seconds: -10 });
  assert.deepEqual(tapMeaning({ at: 0, x: 0.9 }, { at: 100, x: 0.8 }), {
    kind: "seek",
    seconds: 10,
  });
  assert.deepEqual(tapMeaning(left, { at: 1000 + DOUBLE_TAP_MS + 1, x: 0.1 }), {
    kind: "single",
  }, "too slow");
  assert.deepEqual(tapMeaning(left, { at: 1100, x: 0.9 }), { kind: "single" }, "other side");
  assert.deepEqual(
    tapMeaning({ at: 0, x: 0.5 }, { at: 100, x: 0.5 }),
    { kind: "single" },
    "middle",
  );
});
