/**
 * The API description: GET /api/v1/openapi.json is a valid OpenAPI 3.1
 * document that lists every /api/v1 route the app serves, and routes declared
 * through it still answer bad input with the error envelope.
 */
import assert from "node:assert/strict";
import { Validator } from "@seriousme/openapi-schema-validator";
import type { Hono } from "hono";
import { createApp } from "../app.ts";
import { GOOD_PASSWORD, TestClient, testEmail } from "./_harness/client.ts";
import { openTestServices } from "./_harness/services.ts";
import { PREMIUM_ENV } from "./_harness/premium.ts";
import { signUpAndIn } from "./_harness/accounts.ts";

// deno-lint-ignore no-explicit-any
type Doc = { paths: Record<string, Record<string, any>>; components: Record<string, any> };

/** Every `METHOD /path` the app routes under /api/v1 that the document does not describe. */
function undocumented(app: Hono, doc: Doc): string[] {
  const served = app.routes
    .filter((r) => r.path.startsWith("/api/v1") && r.method !== "ALL" && !r.path.endsWith("*"))
    .map((r) => `${r.method} ${r.path.replace(/:(\w+)(\{[^}]*\})?/g, "{$1}")}`);
  const described = new Set(
    Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)
    ),
  );
  return [...new Set(served)].filter((r) => !described.has(r));
}

Deno.test("GET /api/v1/openapi.json is a valid OpenAPI 3.1 document of every /api/v1 route", async () => {
  // Premium configured, so that its routes are mounted and described too (no Stripe call is made).
  const s = await openTestServices({ env: PREMIUM_ENV });
  try {
    const app = createApp(s);
    const res = await app.request("/api/v1/openapi.json");
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
    assert.equal(res.headers.get("cache-control"), "public, max-age=300");
    const doc = await res.json();
    assert.equal(doc.openapi, "3.1.0");
    const result = await new Validator().validate(doc);
    assert.deepEqual(result.errors ?? [], []);
    assert.equal(result.valid, true);
    assert.deepEqual(undocumented(app, doc), []);

    // The check sees a route registered without a description.
    const leaky = createApp(s);
    leaky.get("/api/v1/undocumented/:id", (c) => c.text("hidden"));
    const leakyDoc = await (await leaky.request("/api/v1/openapi.json")).json();
    assert.deepEqual(undocumented(leaky, leakyDoc), ["GET /api/v1/undocumented/{id}"]);

    const ops = Object.values(doc.paths as Doc["paths"]).flatMap((p) => Object.values(p));
    assert.ok(ops.length >= 30, `only ${ops.length} operations`);
    const ids = ops.map((o) => o.operationId);
    assert.equal(new Set(ids).size, ids.length, "operationIds are unique");
    for (const [path, methods] of Object.entries(doc.paths as Doc["paths"])) {
      for (const [method, op] of Object.entries(methods)) {
        // What the layers in front of every route can answer (app.ts): the /api rate limits,
        // the CSRF check on writes, the body limit, and parameter validation.
        const implied = [
          429,
          ...(method === "get" ? [] : [403]),
          ...(op.requestBody ? [400, 413] : []),
          ...(op.parameters?.length ? [400] : []),
        ];
        for (const status of implied) {
          assert.ok(op.responses[status], `${method} ${path} does not list ${status}`);
        }
      }
    }
    for (const op of ops) {
      assert.ok(op.operationId && op.tags?.length && op.security, JSON.stringify(op).slice(0, 200));
      for (const [status, r] of Object.entries<{ content?: object }>(op.responses)) {
        if (Number(status) < 400) continue;
        assert.deepEqual(r.content, {
          "application/json": { schema: { $ref: "#/components/schemas/Error" } },
        });
      }
    }
    assert.deepEqual(Object.keys(doc.components.securitySchemes).sort(), [
      "bearerToken",
      "cookieSession",
      // Remote runners (routes/api/v1/runners.ts): X-Runner-Token.
      "runnerToken",
    ]);
    const login = doc.paths["/api/v1/auth/login"].post;
    assert.deepEqual(login.requestBody.content["application/json"].schema.required, [
      "email",
      "password",
    ]);
    const events = doc.paths["/api/v1/videos/{id}/events"].get;
    assert.ok(events.responses["200"].content["text/event-stream"]);
    assert.equal(
      doc.paths["/api/v1/uploads"].post.responses["201"].content["application/json"]
        .schema.$ref,
      "#/components/schemas/UploadTicket",
    );
    assert.ok(!Object.keys(doc.paths).some((p) => p.startsWith("/_storage")));
  } finally {
    await s.close();
  }
});

Deno.test("routes declared with schemas still answer bad input with the error envelope", async () => {
  const s = await openTestServices();
  try {
    const app = createApp(s, { rateLimits: { auth: 1000 } });
    const client = new TestClient(app);
    const invalid = async (res: Response, fields: string[]) => {
      assert.equal(res.status, 400);
      const { error } = await res.json();
      assert.equal(error.code, "invalid_input");
      assert.deepEqual(error.details.fields.map((f: { field: string }) => f.field), fields);
      for (const f of error.details.fields) assert.equal(typeof f.message, "string");
    };
    // Path parameters (validated by the route's schema, with its message).
    await invalid(await client.request("/api/v1/videos/not-a-uuid"), ["id"]);
    const user = await client.request("/api/v1/users/nope");
    assert.equal(user.status, 400);
    assert.equal((await user.json()).error.details.fields[0].message, "Not a user id.");

    const r = await signUpAndIn(client, {
      json: { email: testEmail("oa"), password: GOOD_PASSWORD, displayName: "Oa" },
    });
    assert.equal(r.status, 200);
    // Query parameters.
    await invalid(await client.request("/api/v1/me/videos?limit=0"), ["limit"]);
    await invalid(await client.request("/api/v1/me/videos?limit=abc"), ["limit"]);
    const ok = await client.request("/api/v1/me/videos?limit=5");
    assert.equal(ok.status, 200);
    assert.deepEqual((await ok.json()).videos, []);

    // Bodies: read by the handler as before, so malformed JSON is our 400, not Hono's.
    const malformed = await client.request("/api/v1/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{nope",
    });
    assert.equal(malformed.status, 400);
    assert.deepEqual(await malformed.json(), {
      error: { code: "invalid_input", message: "The request body is not valid JSON." },
    });
    await invalid(
      await client.request("/api/v1/auth/login", { json: { email: "x@example.com" } }),
      ["password"],
    );
    // A body without a JSON content type is still read (no 415 from a validator).
    const plain = await client.request("/api/v1/videos/00000000-0000-4000-8000-000000000000", {
      method: "PATCH",
      headers: { "content-type": "text/plain" },
      body: JSON.stringify({ title: "" }),
    });
    await invalid(plain, ["title"]);
  } finally {
    await s.close();
  }
});
