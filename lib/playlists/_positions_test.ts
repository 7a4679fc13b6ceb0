import assert from "node:assert/strict";
import { POSITION_GAP, positionBetween } from "./_positions.ts";

Deno.test("positionBetween: ends, middle, and no room left", () => {
  assert.equal(positionBetween(), POSITION_GAP);
  assert.equal(positionBetween(undefined, 1024), 0);
  assert.equal(positionBetween(2048), 2048 + POSITION_GAP);
  assert.equal(positionBetween(1024, 2048), 1536);
  assert.equal(positionBetween(5, 7), 6);
  assert.equal(positionBetween(5, 6), undefined);
  assert.equal(positionBetween(-3, -2), undefined);
});

Deno.test("positionBetween: repeated moves into one gap stay strictly ordered until renumbering", () => {
  let hi = 2048;
  const lo = 1024;
  let moves = 0;
  for (;;) {
    const p = positionBetween(lo, hi);
    if (p === undefined) break;
    assert.ok(p > lo && p < hi);
    hi = p;
    moves++;
  }
  assert.equal(moves, 10);
});
