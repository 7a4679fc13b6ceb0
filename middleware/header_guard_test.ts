import assert from "node:assert/strict";
import { Hono } from "hono";
import { errorHandler } from "./error_handler.ts";
import { headerGuard, headersChecked, isSafeHeaderValue } from "./header_guard.ts";
import { setLogLevel } from "../lib/log.ts";

function app() {
  const page = (c: import("hono").Context, status: number, message: string) =>
    c.html(`<h1>${status}</h1><p>${message}</p>`, status as 500);
  const onError = errorHandler({ page });
  const a = new Hono();
  a.use(headerGuard({ onError }));
  a.onError(onError);
  a.get("/go", (c) => c.redirect(`/${c.req.query("to") ?? ""}`, 303));
  a.get(
    "/api/v1/file",
    (c) =>
      c.body("x", 200, { "Content-Disposition": `attachment; filename="${c.req.query("n")}"` }),
  );
  a.get("/ok", (c) => c.redirect("/fine?a=1", 303));
  return a;
}

async function quietly<T>(fn: () => T | Promise<T>): Promise<T> {
  const level = setLogLevel("error");
  const original = console.error;
  console.error = () => {};
  try {
    return await fn();
  } finally {
    console.error = original;
    setLogLevel(level);
  }
}

Deno.test("isSafeHeaderValue() refuses control characters and allows tab and Latin-1", () => {
  for (const bad of ["a\x01", "\x1f", "x\x7f", "a\nb", "a\rb", "\x00"]) {
    assert.equal(isSafeHeaderValue(bad), false, JSON.stringify(bad));
  }
  for (const good of ["/path?q=1", "a\tb", "caf\xe9", ""]) {
    assert.equal(isSafeHeaderValue(good), true, JSON.stringify(good));
  }
});

Deno.test("headerGuard() turns a response with an unsafe header into a clean error", async () => {
  const a = app();
  for (const ch of ["\x7f", "\x1f", "\x01"]) {
    const r = await quietly(() => a.request(`/go?to=${encodeURIComponent(ch)}`));
    assert.equal(r.status, 500);
    assert.equal(r.headers.get("location"), null);
    assert.match(await r.text(), /<h1>500<\/h1>/);
  }
  const api = await quietly(() => a.request("/api/v1/file?n=a%1fb"));
  assert.equal(api.status, 500);
  assert.equal(api.headers.get("content-disposition"), null);
  assert.equal((await api.json()).error.code, "internal");
  const ok = await a.request("/ok");
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.get("location"), "/fine?a=1");
});

Deno.test("headersChecked() spares only the answer of the route that called it", async () => {
  const a = app();
  const unsafe = { "X-Echo": "a\x01b" };
  a.get("/checked", (c) => {
    headersChecked(c);
    return c.body("x", 200, unsafe);
  });
  a.get("/unchecked", (c) => c.body("x", 200, unsafe));
  // A route that vouches for its values is not walked (the media edge checks its own)…
  assert.equal((await a.request("/checked")).status, 200);
  // …and every other answer still is.
  assert.equal((await quietly(() => a.request("/unchecked"))).status, 500);
});
