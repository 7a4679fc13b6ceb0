import assert from "node:assert/strict";
import { Hono } from "hono";
import { bodyLimit, limitStream } from "./body_limit.ts";
import { errorHandler } from "./error_handler.ts";

function app() {
  const page = (c: import("hono").Context, status: number, message: string) =>
    c.html(`<h1>${status}</h1><p>${message}</p>`, status as 500);
  const a = new Hono();
  a.onError(errorHandler({ page }));
  a.use(bodyLimit({
    maxBytes: 1000,
    timeoutMs: 2000,
    idleMs: 200,
    rules: [{ method: "PUT", path: "/api/v1/big/:id", maxBytes: 5000 }],
  }));
  a.post("/api/v1/echo", async (c) => c.json({ length: (await c.req.text()).length }));
  a.put("/api/v1/big/:id", async (c) => c.json({ length: (await c.req.arrayBuffer()).byteLength }));
  a.post("/form", async (c) => c.json(await c.req.parseBody()));
  return a;
}

/** A body of `chunks` chunks of `size` bytes that counts how many were pulled. */
function counted(chunks: number, size: number) {
  const state = { pulled: 0 };
  const body = new ReadableStream<Uint8Array>({
    pull(ctrl) {
      if (state.pulled === chunks) return ctrl.close();
      state.pulled++;
      ctrl.enqueue(new Uint8Array(size).fill(97));
    },
  });
  return { body, state };
}

const stream = (body: ReadableStream<Uint8Array>, headers: Record<string, string> = {}) => ({
  method: "POST",
  body,
  headers,
  duplex: "half",
} as RequestInit);

Deno.test("bodyLimit(): a declared length over the limit is a 413 envelope before any read", async () => {
  const { body, state } = counted(100, 1000);
  const r = await app().request(
    "/api/v1/echo",
    stream(body, { "content-length": String(100_000) }),
  );
  assert.equal(r.status, 413);
  const json = await r.json();
  assert.equal(json.error.code, "too_large");
  assert.deepEqual(json.error.details, { maxBytes: 1000 });
  assert.ok(state.pulled <= 1, `pulled ${state.pulled} chunks`);
});

Deno.test("bodyLimit(): a chunked body is cut off at the first byte over the limit", async () => {
  const { body, state } = counted(10_000, 100);
  const r = await app().request("/api/v1/echo", stream(body));
  assert.equal(r.status, 413);
  assert.equal((await r.json()).error.code, "too_large");
  assert.ok(state.pulled < 50, `pulled ${state.pulled} of 10000 chunks`);
  const form = counted(10_000, 100);
  const f = await app().request(
    "/form",
    stream(form.body, { "content-type": "application/x-www-form-urlencoded" }),
  );
  assert.equal(f.status, 413);
  assert.ok(form.state.pulled < 50);
});

Deno.test("bodyLimit(): bodies within the limit arrive whole; a rule raises it for one route", async () => {
  const a = app();
  const small = await a.request("/api/v1/echo", { method: "POST", body: "x".repeat(1000) });
  assert.deepEqual(await small.json(), { length: 1000 });
  const big = counted(40, 100);
  const ok = await a.request("/api/v1/big/7", { ...stream(big.body), method: "PUT" });
  assert.deepEqual(await ok.json(), { length: 4000 });
  const over = counted(60, 100);
  const no = await a.request("/api/v1/big/7", { ...stream(over.body), method: "PUT" });
  assert.equal(no.status, 413);
  const elsewhere = counted(2, 1000);
  assert.equal((await a.request("/api/v1/echo", stream(elsewhere.body))).status, 413);
});

Deno.test("bodyLimit(): a body that stalls is answered 408", async () => {
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    start(ctrl) {
      ctrl.enqueue(new TextEncoder().encode("{"));
    },
    cancel() {
      cancelled = true;
    },
  });
  const r = await app().request("/api/v1/echo", stream(body));
  assert.equal(r.status, 408);
  assert.equal((await r.json()).error.code, "timeout");
  assert.equal(cancelled, true);
});

/** A byte stream of `total` bytes that records whether each read brought its own buffer. */
function byteSource(total: number) {
  const reads = { intoBuffer: 0, chunked: 0 };
  let left = total;
  const body = new ReadableStream({
    type: "bytes",
    pull(ctrl: ReadableByteStreamController) {
      if (left === 0) {
        ctrl.close();
        return ctrl.byobRequest?.respond(0);
      }
      const req = ctrl.byobRequest;
      if (req?.view) {
        reads.intoBuffer++;
        const n = Math.min(left, req.view.byteLength);
        new Uint8Array(req.view.buffer, req.view.byteOffset, n).fill(98);
        left -= n;
        return req.respond(n);
      }
      reads.chunked++;
      const n = Math.min(left, 1000);
      left -= n;
      ctrl.enqueue(new Uint8Array(n).fill(98));
    },
  });
  return { body, reads };
}

Deno.test("limitStream(): a byte stream is read straight into a BYOB reader's buffer, still limited", async () => {
  const { body, reads } = byteSource(10_000);
  const { stream } = limitStream(body, { maxBytes: 20_000, timeoutMs: 2000, idleMs: 1000 });
  const reader = stream.getReader({ mode: "byob" });
  let buffer = new ArrayBuffer(4096);
  let got = 0;
  for (;;) {
    const { done, value } = await reader.read(new Uint8Array(buffer));
    if (done) break;
    assert.ok(value.every((b) => b === 98));
    got += value.byteLength;
    buffer = value.buffer as ArrayBuffer;
  }
  assert.equal(got, 10_000);
  // Every read went into the reader's own buffer: no chunk was made for it (issue 18, P6).
  assert.equal(reads.chunked, 0);
  assert.equal(reads.intoBuffer, 3);

  const over = limitStream(byteSource(10_000).body, {
    maxBytes: 5000,
    timeoutMs: 2000,
    idleMs: 1000,
  });
  const r = over.stream.getReader({ mode: "byob" });
  await assert.rejects(async () => {
    for (;;) if ((await r.read(new Uint8Array(4096))).done) break;
  }, /at most 5000 bytes/);
});

Deno.test("limitStream(): a BYOB reader of a plain stream, and a plain reader of a byte stream", async () => {
  const plain = counted(5, 300).body;
  const a = limitStream(plain, { maxBytes: 2000, timeoutMs: 2000, idleMs: 1000 });
  const reader = a.stream.getReader({ mode: "byob" });
  let got = 0;
  for (;;) {
    const { done, value } = await reader.read(new Uint8Array(256));
    if (done) break;
    got += value.byteLength;
  }
  assert.equal(got, 1500);
  const b = limitStream(byteSource(3000).body, { maxBytes: 5000, timeoutMs: 2000, idleMs: 1000 });
  assert.equal((await new Response(b.stream).arrayBuffer()).byteLength, 3000);
});

Deno.test("limitStream(): the clock starts at the first read, not when the stream is made", async () => {
  // A part waiting for a receive slot has not read its body yet: the wait is not the body's time.
  const { stream, stop } = limitStream(byteSource(3000).body, {
    maxBytes: 5000,
    timeoutMs: 50,
    idleMs: 50,
  });
  try {
    await new Promise((r) => setTimeout(r, 200));
    assert.equal((await new Response(stream).arrayBuffer()).byteLength, 3000);
  } finally {
    stop();
  }
});
