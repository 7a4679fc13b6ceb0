/** The assembled web tier, through app.request() with real services. */
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import { openTestServices } from "./_harness/services.ts";

Deno.test("GET /healthz and /readyz answer 200 when the backends answer", async () => {
  const services = await openTestServices();
  try {
    const app = createApp(services);
    const health = await app.request("/healthz");
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: "ok" });
    const ready = await app.request("/readyz");
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), {
      status: "ok",
      checks: { database: "ok", storage: "ok", queue: "ok" },
    });
  } finally {
    await services.close();
  }
});

Deno.test("GET /readyz answers 503 naming the backend that is down", async () => {
  const services = await openTestServices();
  try {
    const app = createApp(services);
    await Deno.remove(`${services.dir}/objects`, { recursive: true });
    const r = await app.request("/readyz");
    assert.equal(r.status, 503);
    const body = await r.json();
    assert.equal(body.status, "unavailable");
    assert.equal(body.checks.database, "ok");
    assert.notEqual(body.checks.storage, "ok");
  } finally {
    await services.close();
  }
});

Deno.test("GET / shows the empty state, then public playable videos only", async () => {
  const services = await openTestServices();
  try {
    const app = createApp(services);
    const empty = await app.request("/");
    assert.equal(empty.status, 200);
    const html = await empty.text();
    assert.match(html, /Nothing to watch yet/);
    assert.match(html, /href="\/signup"/);
    assert.match(empty.headers.get("x-request-id") ?? "", /^[0-9a-f-]{36}$/);

    const sql = services.db.sql;
    const [u] = await sql`insert into users (email, password_hash, display_name)
      values ('c@example.com', 'x', ${"Ana <b>"}) returning id`;
    await sql`insert into videos (owner_id, title, visibility, status, duration_s, published_at, playable_at)
      values
      (${u.id}, ${"Public <script>"}, 'public', 'processing', 65, now(), now()),
      (${u.id}, 'Hidden draft', 'private', 'ready', 10, now(), now()),
      (${u.id}, 'Still uploading', 'public', 'uploading', null, now(), null),
      (${u.id}, 'Broken', 'public', 'failed', null, now(), now())`;
    const listed = await (await app.request("/")).text();
    assert.match(listed, /Latest videos/);
    assert.match(listed, /Public &lt;script>/);
    assert.match(listed, /Ana &lt;b>/);
    assert.match(listed, /1:05/);
    assert.doesNotMatch(listed, /Hidden draft|Still uploading|Broken|<script>P/);
  } finally {
    await services.close();
  }
});

Deno.test("unknown pages get the 404 page, unknown API paths the JSON envelope", async () => {
  const services = await openTestServices();
  try {
    const app = createApp(services);
    const page = await app.request("/nowhere");
    assert.equal(page.status, 404);
    const html = await page.text();
    assert.match(html, /Page not found/);
    assert.match(html, new RegExp(page.headers.get("x-request-id")!));
    const api = await app.request("/api/v1/nowhere");
    assert.equal(api.status, 404);
    assert.equal((await api.json()).error.code, "not_found");
  } finally {
    await services.close();
  }
});

Deno.test("static assets are served with a type, a validator and a cache policy", async () => {
  const services = await openTestServices();
  try {
    const app = createApp(services);
    const css = await app.request("/static/styles.css");
    assert.equal(css.status, 200);
    assert.match(css.headers.get("content-type")!, /text\/css/);
    const etag = css.headers.get("etag")!;
    assert.ok(etag);
    const again = await app.request("/static/styles.css", { headers: { "If-None-Match": etag } });
    assert.equal(again.status, 304);
    assert.equal((await app.request("/static/..%2Fdeno.json")).status, 404);
  } finally {
    await services.close();
  }
});
