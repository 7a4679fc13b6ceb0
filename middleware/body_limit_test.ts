import assert from "node:assert/strict";
import { Hono } from "hono";
import { bodyLimit } from "./body_limit.ts";
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
