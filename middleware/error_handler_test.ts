import assert from "node:assert/strict";
import { Hono } from "hono";
import { ConflictError, NotFoundError, RateLimitError, ValidationError } from "../lib/errors.ts";
import { errorHandler, notFoundHandler } from "./error_handler.ts";
import { requestLog } from "./request_log.ts";
import { setLogLevel } from "../lib/log.ts";

function app() {
  const page = (c: import("hono").Context, status: number, message: string) =>
    c.html(`<h1>${status}</h1><p>${message}</p>`, status as 500);
  const a = new Hono();
  a.use(requestLog());
  a.onError(errorHandler({ page }));
  a.notFound(notFoundHandler({ page }));
  a.get("/api/v1/invalid", () => {
    throw new ValidationError("Bad title.", { details: { fields: [{ field: "title" }] } });
  });
  a.get("/api/v1/conflict", () => {
    throw new ConflictError("Already there.");
  });
  a.get("/api/v1/missing", () => {
    throw new NotFoundError();
  });
  a.get("/api/v1/slow-down", () => {
    throw new RateLimitError(17);
  });
  a.get("/api/v1/crash", () => {
    throw new Error("database password is hunter2");
  });
  a.get("/page/crash", () => {
    throw new Error("boom");
  });
  return a;
}

Deno.test("errorHandler() maps each failure family to its status with the JSON envelope", async () => {
  const a = app();
  const cases: [string, number, string][] = [
    ["/api/v1/invalid", 400, "invalid_input"],
    ["/api/v1/conflict", 409, "conflict"],
    ["/api/v1/missing", 404, "not_found"],
    ["/api/v1/slow-down", 429, "rate_limited"],
    ["/api/v1/nothing-here", 404, "not_found"],
  ];
  for (const [path, status, code] of cases) {
    const r = await a.request(path);
    assert.equal(r.status, status, path);
    assert.match(r.headers.get("content-type") ?? "", /application\/json/);
    const body = await r.json();
    assert.equal(body.error.code, code, path);
    assert.equal(typeof body.error.message, "string");
  }
  const invalid = await (await a.request("/api/v1/invalid")).json();
  assert.deepEqual(invalid.error.details, { fields: [{ field: "title" }] });
  assert.equal((await a.request("/api/v1/slow-down")).headers.get("retry-after"), "17");
});

Deno.test("errorHandler() hides unexpected errors behind a 500 and logs them", async () => {
  const level = setLogLevel("error");
  const logged: string[] = [];
  const original = console.error;
  console.error = (line: string) => logged.push(line);
  try {
    const r = await app().request("/api/v1/crash");
    assert.equal(r.status, 500);
    const text = await r.text();
    assert.doesNotMatch(text, /hunter2/);
    assert.equal(JSON.parse(text).error.code, "internal");
    const entry = JSON.parse(logged.find((l) => l.includes("request failed"))!);
    assert.equal(entry.requestId, r.headers.get("x-request-id"));
    assert.match(entry.err.message, /hunter2/);
  } finally {
    console.error = original;
    setLogLevel(level);
  }
});

Deno.test("errorHandler() renders pages for HTML routes", async () => {
  const a = app();
  const missing = await a.request("/no/such/page");
  assert.equal(missing.status, 404);
  assert.match(missing.headers.get("content-type") ?? "", /text\/html/);
  assert.match(await missing.text(), /<h1>404<\/h1>/);
  const original = console.error;
  console.error = () => {};
  try {
    const crash = await a.request("/page/crash");
    assert.equal(crash.status, 500);
    assert.match(await crash.text(), /<h1>500<\/h1>/);
  } finally {
    console.error = original;
  }
});

Deno.test("requestLog() gives every response a request id and keeps a sane incoming one", async () => {
  const a = app();
  const first = (await a.request("/api/v1/missing")).headers.get("x-request-id");
  const second = (await a.request("/api/v1/missing")).headers.get("x-request-id");
  assert.ok(first && second && first !== second);
  const kept = await a.request("/api/v1/missing", {
    headers: { "X-Request-Id": "proxy-abc-12345" },
  });
  assert.equal(kept.headers.get("x-request-id"), "proxy-abc-12345");
  const replaced = await a.request("/api/v1/missing", { headers: { "X-Request-Id": "<script>" } });
  assert.notEqual(replaced.headers.get("x-request-id"), "<script>");
});
