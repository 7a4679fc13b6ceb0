import assert from "node:assert/strict";
import { parsePts } from "./_packet_scan.ts";

Deno.test("parsePts() reads ffprobe's pts_time from the bytes of a csv line", () => {
  const pts = (s: string) => parsePts(new TextEncoder().encode(s));
  assert.equal(pts("12.345000,K_"), 12.345);
  assert.equal(pts("0.000000,__"), 0);
  assert.equal(pts("-0.080000,K_"), -0.08);
  assert.equal(pts("7"), 7);
  assert.ok(Number.isNaN(pts("N/A,K_")));
  assert.ok(Number.isNaN(pts("")));
  assert.ok(Number.isNaN(pts("1.2.3,K_")));
});
