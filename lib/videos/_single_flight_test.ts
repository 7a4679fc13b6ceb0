import assert from "node:assert/strict";
import { SingleFlight } from "./_single_flight.ts";

Deno.test("concurrent callers of one key share one load; the next caller after it settles loads anew", async () => {
  const flight = new SingleFlight<number>();
  let loads = 0;
  let release!: () => void;
  const gate = new Promise<void>((r) => release = r);
  const load = async () => {
    loads++;
    await gate;
    return loads;
  };
  const crowd = Array.from({ length: 100 }, () => flight.run("video", load));
  const other = flight.run("other", () => Promise.resolve(-1));
  assert.equal(flight.has("video"), true);
  release();
  assert.deepEqual(new Set(await Promise.all(crowd)), new Set([1]));
  assert.equal(await other, -1);
  assert.equal(loads, 1);
  assert.equal(flight.has("video"), false);
  assert.equal(await flight.run("video", load), 2);
});

Deno.test("a failed load fails every caller that shared it, and is not kept", async () => {
  const flight = new SingleFlight<number>();
  const failing = () => Promise.reject(new Error("down"));
  const both = [flight.run("k", failing), flight.run("k", failing)];
  for (const p of both) await assert.rejects(p, /down/);
  assert.equal(await flight.run("k", () => Promise.resolve(7)), 7);
});
