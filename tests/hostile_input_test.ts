/**
 * Hostile input against every route of the app, enumerated from the Hono
 * router (app.routes), so that a new route is covered without touching this
 * file: control characters and over-long values in path parameters, query
 * parameters and echoed headers, oversized bodies (declared and chunked),
 * malformed JSON, forms and multipart, crafted page cursors; anonymously and
 * signed in (as an admin, so that guarded routes run their handlers). No
 * answer may be a 500, every header must be sendable (Deno's HTTP layer
 * panics on control characters), and machine-facing paths answer with the
 * error envelope.
 */
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import { isSafeHeaderValue } from "../middleware/header_guard.ts";
import { GOOD_PASSWORD, TestClient, testEmail } from "./_harness/client.ts";
import { openTestServices } from "./_harness/services.ts";
import { PREMIUM_ENV } from "./_harness/premium.ts";
import { startStripeStandin } from "./_harness/stripe_standin.ts";
import { signUpAndIn } from "./_harness/accounts.ts";

type App = ReturnType<typeof createApp>;

const JSON_PREFIXES = ["/api/", "/_storage/", "/media/"];
const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Path parameter values, already URL-encoded. */
const HOSTILE_PARAMS = [
  "%7f",
  "a%1fb%0d%0aSet-Cookie:%20x=1",
  "------------------------------------",
  "x".repeat(3000),
  "..%2F..%2Fetc%2Fpasswd",
  "%00",
  "%E2%80%AE",
  "%E0%A4%A",
  "%",
  "1e999",
  "-1",
  "master.m3u8",
];

const b64 = (s: string) => btoa(s).replaceAll("=", "");
const CURSORS = [
  "------------",
  b64("2026-11-22T00:00:00.000Z|------------------------------------"),
  b64(`+275760-09-13T00:00:00.000Z|${crypto.randomUUID()}`),
  b64(`-271821-04-20T00:00:00.000Z|${crypto.randomUUID()}`),
  b64(`0000-01-01T00:00:00.000Z|${crypto.randomUUID()}`),
  b64(`2026-02-31T00:00:00.000Z|${crypto.randomUUID()}`),
  b64("2026-11-22T00:00:00.000Z|x'); drop table videos; --"),
  "%7f%00",
  "A".repeat(5000),
];

const HOSTILE_QUERY = new URLSearchParams({
  next: "/\x7f",
  cursor: CURSORS[1],
  token: "\x1f" + "t".repeat(2000),
  saved: "\x01",
  ended: "\x7f",
  deleted: "\x00",
  limit: "-1e999",
  exp: "1e999",
  sig: "\x7f",
  size: "-5",
}).toString();

/** Echo-prone request headers with control characters and over-long values. */
const HOSTILE_HEADERS: Record<string, string>[] = [
  {
    "x-request-id": "abcdefgh\x7f\x1f" + "r".repeat(300),
    "user-agent": "\x01\x02" + "u".repeat(10_000),
    range: "bytes=\x7f-\x1f",
    "if-none-match": '\x1f"x"',
    "x-forwarded-for": "\x7f, 1.1.1.1",
    "accept-encoding": "\x01gzip",
    accept: "\x7f/\x7f",
  },
  { authorization: "Bearer \x7f" + "a".repeat(5000) },
  { cookie: "vf_at=\x01; vf_rt=\x7f; vf_csrf=\x1f" },
];

interface BodyCase {
  name: string;
  body: () => BodyInit;
  headers: Record<string, string>;
}

function chunked(total: number, chunk = 64 * 1024): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(ctrl) {
      if (sent >= total) return ctrl.close();
      sent += chunk;
      ctrl.enqueue(new Uint8Array(chunk).fill(123));
    },
  });
}

const BODIES: BodyCase[] = [
  { name: "malformed JSON", body: () => '{"a":', headers: { "content-type": "application/json" } },
  {
    name: "JSON with control characters",
    body: () =>
      JSON.stringify({
        email: "\x7f@x.test",
        password: "\x00".repeat(20),
        displayName: "\x1f\u202e",
        title: "t\x7f".repeat(1000),
        parts: [{ partNumber: -1, etag: "\x00" }],
        refreshToken: "\x01",
        role: "admin\x00",
        reason: "\x7f",
        token: "\x1f",
        next: "/\x7f",
      }),
    headers: { "content-type": "application/json" },
  },
  {
    name: "deeply nested JSON",
    body: () => "[".repeat(50_000) + "]".repeat(50_000),
    headers: { "content-type": "application/json" },
  },
  {
    name: "oversized with Content-Length",
    body: () => new Uint8Array(1024 * 1024).fill(123),
    headers: { "content-type": "application/json" },
  },
  {
    name: "declared 600 MB",
    body: () => new Uint8Array(16),
    headers: { "content-type": "application/json", "content-length": String(600 * 1024 ** 2) },
  },
  {
    name: "chunked 7 MB",
    body: () => chunked(7 * 1024 * 1024),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  },
  {
    name: "malformed multipart",
    body: () => "--x\r\nContent-Disposition: form-data; name=\x7f\r\n\r\nabc",
    headers: { "content-type": "multipart/form-data; boundary=x" },
  },
  {
    name: "hostile form",
    body: () =>
      new URLSearchParams({
        next: "/\x7f",
        email: "\x1f",
        password: "\x7f",
        displayName: "\x00",
        title: "x".repeat(20_000),
        confirm: "yes\x7f",
      }).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  },
];

/** Method + path of every route the app serves (middleware entries left out). */
function routesOf(app: App): { method: string; path: string }[] {
  const seen = new Map<string, { method: string; path: string }>();
  for (const r of app.routes) {
    if (r.method === "ALL" || r.path.includes("*")) continue;
    seen.set(`${r.method} ${r.path}`, { method: r.method, path: r.path });
  }
  return [...seen.values()];
}

/** `path` with every `:param` (with or without a `{regex}`) set to `value`. */
function fill(path: string, value: string): string {
  return path.replace(/:\w+(\{(?:[^{}]|\{[^{}]*\})*\})?/g, value);
}

function paramSets(path: string, extra: string[]): string[] {
  if (!path.includes(":")) return [path];
  const values = [
    "00000000-0000-0000-0000-000000000000",
    crypto.randomUUID(),
    ...extra,
    ...HOSTILE_PARAMS,
  ];
  return values.map((v) => fill(path, v));
}

async function check(res: Response, label: string): Promise<void> {
  for (const [name, value] of res.headers) {
    assert.ok(isSafeHeaderValue(value), `${label}: unsafe ${name} header ${JSON.stringify(value)}`);
  }
  // An event stream stays open by design (until its lifetime cap): its headers are the answer.
  if (res.status === 200 && res.headers.get("content-type")?.startsWith("text/event-stream")) {
    await res.body?.cancel();
    return;
  }
  const text = await res.text();
  assert.ok(res.status < 500, `${label}: ${res.status} ${text.slice(0, 300)}`);
  const path = new URL(label.split(" ")[1], "http://localhost").pathname;
  if (res.status >= 400 && JSON_PREFIXES.some((p) => path.startsWith(p))) {
    assert.match(res.headers.get("content-type") ?? "", /application\/json/, label);
    const body = JSON.parse(text);
    assert.equal(typeof body.error?.code, "string", `${label}: ${text.slice(0, 200)}`);
    assert.equal(typeof body.error?.message, "string", label);
  }
}

interface Caller {
  name: string;
  client: TestClient;
  /** Called before each request: signs back in if a hostile request signed us out. */
  ready: () => Promise<void>;
  params: string[];
}

async function hammer(app: App, caller: Caller): Promise<number> {
  let sent = 0;
  const send = async (method: string, url: string, init: RequestInit = {}, csrf = true) => {
    await caller.ready();
    const label = `${method} ${url.slice(0, 200)} [${caller.name}]`;
    let res: Response;
    try {
      res = await caller.client.request(url, { ...init, method, csrf, duplex: "half" } as never);
    } catch (err) {
      throw new Error(`${label}: threw ${err}`);
    }
    sent++;
    await check(res, label);
  };
  for (const route of routesOf(app)) {
    for (const path of paramSets(route.path, caller.params)) {
      await send(route.method, `${path}?${HOSTILE_QUERY}`, { headers: HOSTILE_HEADERS[0] });
      await send(route.method, `${path}?next=%E0%A4%A&cursor=%&token=%ZZ&limit=%`);
      for (const cursor of route.method === "GET" ? CURSORS : []) {
        await send("GET", `${path}?cursor=${encodeURIComponent(cursor)}`);
      }
    }
    const some = paramSets(route.path, caller.params).slice(0, 3);
    for (const path of some) {
      for (const headers of HOSTILE_HEADERS.slice(1)) await send(route.method, path, { headers });
      if (!UNSAFE_METHODS.has(route.method)) continue;
      for (const b of BODIES) {
        // Without the CSRF token too: the CSRF check reads form bodies first.
        for (const csrf of [true, false]) {
          await send(route.method, path, { body: b.body(), headers: b.headers }, csrf);
        }
      }
    }
  }
  return sent;
}

Deno.test({
  name: "hostile input: no route answers 500 or an unsendable header, anonymous or signed in",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    // Premium on (against the Stripe stand-in), so that its routes are walked too.
    const stripe = startStripeStandin();
    const services = await openTestServices({
      env: { ...PREMIUM_ENV, STRIPE_API_BASE: stripe.url },
    });
    try {
      const email = testEmail("admin");
      const config = {
        ...services.config,
        auth: { ...services.config.auth, adminEmail: email },
      };
      const app = createApp({ ...services, config }, {
        rateLimits: { auth: 1e9, apiUser: 1e9, apiIp: 1e9, mail: 1e9 },
      });
      const routes = routesOf(app);
      assert.ok(routes.length > 30, `only ${routes.length} routes found`);

      const anon = new TestClient(app);
      const anonSent = await hammer(app, {
        name: "anonymous",
        client: anon,
        ready: async () => {},
        params: [],
      });

      const admin = new TestClient(app);
      const signUp = await signUpAndIn(admin, {
        json: { email, password: GOOD_PASSWORD, displayName: "Hostile Admin" },
      });
      assert.equal(signUp.status, 200);
      const me = (await signUp.json()).user;
      assert.equal(me.role, "admin");
      const ready = async () => {
        if (admin.cookies.has("vf_rt")) return;
        const r = await admin.request("/api/v1/auth/login", {
          json: { email, password: GOOD_PASSWORD },
        });
        const text = await r.text();
        assert.equal(r.status, 200, `signing back in: ${text}`);
      };
      const adminSent = await hammer(app, {
        name: "signed in",
        client: admin,
        ready,
        params: [me.id],
      });
      await ready();
      assert.equal((await admin.request("/api/v1/auth/me")).status, 200);
      assert.ok(anonSent > 500 && adminSent > 500, `${anonSent} + ${adminSent} requests`);
      console.log(
        `${routes.length} routes: ${anonSent} anonymous, ${adminSent} signed-in requests`,
      );
    } finally {
      await services.close();
      await stripe.close();
    }
  },
});

Deno.test("the next= repros answer a clean redirect to / (no control character reaches Location)", async () => {
  const services = await openTestServices();
  try {
    const app = createApp(services, { rateLimits: { auth: 1e9 } });
    const client = new TestClient(app);
    const signUp = await signUpAndIn(client, {
      form: {
        email: testEmail(),
        displayName: "Next",
        password: GOOD_PASSWORD,
        next: "/\x7f",
      },
    });
    assert.equal(signUp.status, 303);
    assert.equal(signUp.headers.get("location"), "/");
    for (const next of ["/%1f", "/%7f", "/%0d%0aSet-Cookie:%20a=b", "/%09/evil.example"]) {
      const r = await client.request(`/signin?next=${next}`);
      assert.equal(r.status, 303, next);
      assert.equal(r.headers.get("location"), "/", next);
    }
    const kept = await client.request("/signin?next=%2Fstudio%3Fx%3D1");
    assert.equal(kept.headers.get("location"), "/studio?x=1");
  } finally {
    await services.close();
  }
});

Deno.test("crafted page cursors are a 400, never a 500 from Postgres", async () => {
  const services = await openTestServices();
  try {
    const app = createApp(services);
    const [user] = await services.db.sql`insert into users (email, password_hash, display_name)
      values ('c@x.test', 'x', 'C') returning id`;
    for (const cursor of CURSORS) {
      for (const base of ["/", `/u/${user.id}`]) {
        const r = await app.request(`${base}?cursor=${encodeURIComponent(cursor)}`);
        assert.equal(r.status, 400, `${base} ${cursor.slice(0, 60)}`);
        await r.body?.cancel();
      }
    }
    const junkUser = await app.request("/u/not-a-uuid");
    assert.equal(junkUser.status, 404);
    await junkUser.body?.cancel();
  } finally {
    await services.close();
  }
});
