import assert from "node:assert/strict";
import { UnavailableError } from "../errors.ts";
import { type ReceiveSlot, ReceiveSlots } from "./receive_slots.ts";

/** Lets pending timers and promise callbacks run. */
const settle = () => new Promise((r) => setTimeout(r, 20));

Deno.test("ReceiveSlots: with a cap of 2, a third taker waits until a slot is given back", async () => {
  const slots = new ReceiveSlots(2, { waitMs: 60_000 });
  const first = await slots.take();
  await slots.take();
  let third: ReceiveSlot | undefined;
  const waiting = slots.take().then((slot) => third = slot);
  await settle();
  assert.equal(third, undefined);
  assert.deepEqual([slots.busy, slots.waiting], [2, 1]);
  first.release();
  await waiting;
  assert.equal(typeof (third as ReceiveSlot | undefined)?.release, "function");
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
  held.release();
  assert.equal(slots.busy, 0);
});

Deno.test("ReceiveSlots: giving a slot back twice frees it once; a cap of 0 is no cap", async () => {
  const slots = new ReceiveSlots(1);
  const slot = await slots.take();
  slot.release();
  slot.release();
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
  const received = async (bytes: number) => {
    const slot = await slots.take();
    slot.count(bytes);
    slot.release();
  };
  await received(600);
  await settle();
  assert.notEqual(below.deref(), undefined, "600 of 1000 bytes: nothing collected yet");
  await received(600);
  await settle();
  assert.equal(over.deref(), undefined, "1200 bytes received: the garbage was collected");
});

Deno.test("ReceiveSlots: a part receiving under the minimum rate hands its slot to a waiting part", async () => {
  const slots = new ReceiveSlots(1, { waitMs: 60_000, minBytesPerS: 10_000, rateCheckMs: 50 });
  const trickler = await slots.take();
  let next: ReceiveSlot | undefined;
  const waiting = slots.take().then((slot) => next = slot);
  trickler.count(10); // 10 bytes in the first period: far under 500 per 50 ms
  await waiting;
  assert.ok(next, "the waiting part got the slot while the slow one still receives");
  assert.deepEqual([slots.busy, slots.waiting], [1, 0]);
  // The slow part goes on unslotted: its release frees nothing the new holder has.
  trickler.count(100);
  trickler.release();
  assert.equal(slots.busy, 1);
  next.release();
  assert.equal(slots.busy, 0);
});

Deno.test("ReceiveSlots: a part at full speed keeps its slot, and a slow one with nobody waiting keeps it too", async () => {
  const slots = new ReceiveSlots(1, { waitMs: 60_000, minBytesPerS: 10_000, rateCheckMs: 50 });
  const fast = await slots.take();
  const feed = setInterval(() => fast.count(5_000), 10);
  let second: ReceiveSlot | undefined;
  slots.take().then((slot) => second = slot);
  await new Promise((r) => setTimeout(r, 300));
  clearInterval(feed);
  assert.equal(second, undefined, "a fast part is never pre-empted");
  fast.release();
  await settle();
  const held = second as ReceiveSlot | undefined;
  assert.ok(held);
  // Alone, a slow part keeps its slot: handing on only matters to someone waiting.
  await new Promise((r) => setTimeout(r, 150));
  assert.equal(slots.busy, 1);
  held.release();
  assert.equal(slots.busy, 0);
});
