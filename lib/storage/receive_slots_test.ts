import assert from "node:assert/strict";
import { UnavailableError } from "../errors.ts";
import { ReceiveSlots } from "./receive_slots.ts";

/** Lets pending timers and promise callbacks run. */
const settle = () => new Promise((r) => setTimeout(r, 20));

Deno.test("ReceiveSlots: with a cap of 2, a third taker waits until a slot is given back", async () => {
  const slots = new ReceiveSlots(2, { waitMs: 60_000 });
  const first = await slots.take();
  await slots.take();
  let third: (() => void) | undefined;
  const waiting = slots.take().then((release) => third = release);
  await settle();
  assert.equal(third, undefined);
  assert.deepEqual([slots.busy, slots.waiting], [2, 1]);
  first();
  await waiting;
  assert.equal(typeof third, "function");
  // The slot passed straight to the waiting taker: still two busy, nobody waiting.
  assert.deepEqual([slots.busy, slots.waiting], [2, 0]);
});

Deno.test("ReceiveSlots: a wait past the bound fails with a 503-family error and Retry-After", async () => {
  const slots = new ReceiveSlots(1, { waitMs: 10 });
  const held = await slots.take();
  const err = await slots.take().then(() => undefined, (e) => e);
  assert.ok(err instanceof UnavailableError);
  assert.ok((err.retryAfter ?? 0) > 0);
  // The one that gave up left the queue: the next release frees the slot.
  assert.equal(slots.waiting, 0);
  held();
  assert.equal(slots.busy, 0);
});

Deno.test("ReceiveSlots: giving a slot back twice frees it once; a cap of 0 is no cap", async () => {
  const slots = new ReceiveSlots(1);
  const release = await slots.take();
  release();
  release();
  assert.equal(slots.busy, 0);
  await slots.take();
  let second = false;
  slots.take().then(() => second = true);
  await settle();
  assert.equal(second, false, "the double release must not have made room for two");

  const open = new ReceiveSlots(0);
  await Promise.all(Array.from({ length: 50 }, () => open.take()));
  assert.equal(open.busy, 50);
});

Deno.test("ReceiveSlots: every collectEveryBytes received, a full collection frees what is no longer held", async () => {
  const made = () => new WeakRef({ payload: new Array(1000).fill("x") });
  // Made in an earlier turn: V8 keeps a WeakRef's target alive until the turn that made it ends.
  const below = made();
  const over = made();
  await settle();
  const slots = new ReceiveSlots(2, { collectEveryBytes: 1000 });
  (await slots.take())(600);
  await settle();
  assert.notEqual(below.deref(), undefined, "600 of 1000 bytes: nothing collected yet");
  (await slots.take())(600);
  await settle();
  assert.equal(over.deref(), undefined, "1200 bytes received: the garbage was collected");
});
