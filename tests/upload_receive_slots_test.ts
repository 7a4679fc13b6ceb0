/**
 * The cap on part bodies received at once (issue 18, P6) through the part
 * route, as the app mounts it: behind the body limit, with a local store
 * holding a few receive slots.
 */
import assert from "node:assert/strict";
import { Hono } from "hono";
import { loadConfig } from "../lib/config.ts";
import { UnavailableError } from "../lib/errors.ts";
import { openStorage } from "../lib/storage/mod.ts";
import { ReceiveSlots } from "../lib/storage/receive_slots.ts";
import { LocalStorage } from "../lib/storage/local.ts";
import { bodyLimit } from "../middleware/body_limit.ts";
import { errorHandler } from "../middleware/error_handler.ts";
import { storageRoutes } from "../routes/storage.ts";

const PART = "/_storage/parts/:uploadId/:partNumber";

async function setup(slots: ReceiveSlots, options: { timeoutMs?: number } = {}) {
  const dir = await Deno.makeTempDir({ prefix: "vf-slots-" });
  const storage = await new LocalStorage(dir, {
    secret: "k".repeat(40),
    publicUrl: "http://vf.test",
    receiving: slots,
  }).init();
  const app = new Hono();
  app.onError(errorHandler({ page: (c, s) => c.text("page", s) }));
  const timeoutMs = options.timeoutMs ?? 60_000;
  app.use(bodyLimit({
    maxBytes: 1000,
    timeoutMs,
    rules: [{ method: "PUT", path: PART, maxBytes: 1 << 20, timeoutMs }],
  }));
  app.route("/", storageRoutes({ storage }));
  const uploadId = await storage.createMultipart("raw/v/source.mp4");
  const url = async (partNumber: number) => {
    const u = new URL(await storage.presignPart("raw/v/source.mp4", uploadId, { partNumber }));
    return u.pathname + u.search;
  };
  return { storage, app, url, done: () => Deno.remove(dir, { recursive: true }) };
}

/** A body the test finishes when it wants, counting how often the server asked for bytes. */
function heldBody() {
  let ctrl!: ReadableStreamDefaultController<Uint8Array>;
  const state = { pulls: 0 };
  const body = new ReadableStream<Uint8Array>({
    start: (c) => void (ctrl = c),
    pull: () => void state.pulls++,
  }, { highWaterMark: 0 });
  return {
    body,
    state,
    finish(bytes: number) {
      ctrl.enqueue(new Uint8Array(bytes).fill(7));
      ctrl.close();
    },
  };
}

const settle = () => new Promise((r) => setTimeout(r, 50));

function put(app: Hono, path: string, body: BodyInit) {
  // @ts-ignore: Deno's fetch needs duplex for a streamed request body.
  return app.request(path, { method: "PUT", body, duplex: "half" });
}

Deno.test("with a cap of 2, a third concurrent part waits without reading its body, then completes", async () => {
  const slots = new ReceiveSlots(2, { waitMs: 60_000 });
  const { app, url, done } = await setup(slots);
  try {
    const a = heldBody(), b = heldBody(), c = heldBody();
    const first = put(app, await url(1), a.body);
    const second = put(app, await url(2), b.body);
    await settle();
    const third = put(app, await url(3), c.body);
    await settle();
    assert.deepEqual([slots.busy, slots.waiting], [2, 1]);
    assert.equal(c.state.pulls, 0, "a waiting part must not read its body");
    a.finish(100);
    const r1 = await first;
    assert.equal(r1.status, 200);
    // Each part answer closes its connection (the runtime keeps megabytes per kept-alive one).
    assert.equal(r1.headers.get("connection"), "close");
    await settle();
    assert.ok(c.state.pulls > 0, "the freed slot went to the waiting part");
    c.finish(300);
    b.finish(200);
    assert.deepEqual([(await second).status, (await third).status], [200, 200]);
    assert.deepEqual([slots.busy, slots.waiting], [0, 0]);
  } finally {
    await done();
  }
});

Deno.test("a part that waits past the bound is answered 503 with Retry-After, and its slot stays free", async () => {
  const slots = new ReceiveSlots(1, { waitMs: 30 });
  const { app, url, done } = await setup(slots);
  try {
    const a = heldBody();
    const first = put(app, await url(1), a.body);
    await settle();
    const r = await put(app, await url(2), "x".repeat(10));
    assert.equal(r.status, 503);
    assert.ok(Number(r.headers.get("retry-after")) > 0);
    assert.equal(r.headers.get("connection"), "close");
    const json = await r.json();
    assert.equal(json.error.code, "unavailable");
    assert.match(json.error.message, /many uploads/);
    a.finish(10);
    assert.equal((await first).status, 200);
    // The refused part did not keep a slot: the next one goes straight in.
    assert.equal((await put(app, await url(2), "y".repeat(10))).status, 200);
    assert.equal(slots.busy, 0);
  } finally {
    await done();
  }
});

Deno.test("the body's time limit starts when the part gets its slot, not while it waits", async () => {
  const slots = new ReceiveSlots(1, { waitMs: 60_000 });
  const { app, url, done } = await setup(slots, { timeoutMs: 300 });
  try {
    // Another part holds the only slot for longer than the body limit's time.
    const holder = await slots.take();
    const waiting = put(app, await url(2), "z".repeat(100));
    // Counted from arrival, the waiting part would be answered 408 by now.
    await new Promise((r) => setTimeout(r, 600));
    holder.release();
    assert.equal((await waiting).status, 200);
  } finally {
    await done();
  }
});

Deno.test("a refused part (bad signature) never waits for a slot", async () => {
  const slots = new ReceiveSlots(1, { waitMs: 60_000 });
  const { app, url, done } = await setup(slots);
  try {
    const a = heldBody();
    const first = put(app, await url(1), a.body);
    await settle();
    const forged = (await url(2)).replace(/sig=[^&]+/, "sig=forged");
    const r = await put(app, forged, "x");
    assert.equal(r.status, 403);
    assert.equal(slots.waiting, 0);
    a.finish(1);
    assert.equal((await first).status, 200);
  } finally {
    await done();
  }
});

Deno.test("openStorage() gives the local store the configured cap and wait (UPLOAD_RECEIVE_*)", async () => {
  const dir = await Deno.makeTempDir({ prefix: "vf-slots-cfg-" });
  try {
    const config = loadConfig({
      DATA_DIR: dir,
      UPLOAD_RECEIVE_CONCURRENCY: "1",
      UPLOAD_RECEIVE_WAIT_S: "1",
    });
    const storage = (await openStorage(config, { secret: "k".repeat(40) })).selfServed()!;
    const id = await storage.createMultipart("raw/w/source.mp4");
    const target = async (partNumber: number) => {
      const u = new URL(await storage.presignPart("raw/w/source.mp4", id, { partNumber }));
      const q = Object.fromEntries(u.searchParams);
      return { uploadId: id, partNumber, exp: Number(q.exp), sig: q.sig };
    };
    const held = heldBody();
    const first = storage.acceptPart(await target(1), held.body);
    await settle();
    const err = await storage.acceptPart(await target(2), new Blob(["x"]).stream()).then(
      () => undefined,
      (e) => e,
    );
    assert.ok(err instanceof UnavailableError, "a second part past a cap of 1 waited and gave up");
    held.finish(1);
    assert.match(await first, /^"[0-9a-f]+"$/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
