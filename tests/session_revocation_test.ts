/** Signing out ends the access token at once; event streams end with their session, and are bounded. */
import assert from "node:assert/strict";
import { type AppOptions, createApp } from "../app.ts";
import { GOOD_PASSWORD, TestClient, testEmail } from "./_harness/client.ts";
import { openTestServices } from "./_harness/services.ts";
import { signUpAndIn } from "./_harness/accounts.ts";

type App = ReturnType<typeof createApp>;

async function tokenSession(app: App, email: string, path = "login") {
  const init = {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: GOOD_PASSWORD, displayName: "Ses", session: "token" }),
  };
  // Sign-up signs nobody in: "signup" asks for the account, then signs in.
  const r = path === "signup"
    ? await signUpAndIn(app, init)
    : await app.request(`/api/v1/auth/${path}`, init);
  assert.equal(r.status, 200, `${path}: ${r.status}`);
  const body = await r.json();
  return {
    id: body.user.id as string,
    refreshToken: body.refreshToken as string,
    headers: { authorization: `Bearer ${body.accessToken}` },
  };
}

function post(app: App, path: string, headers: Record<string, string>, json: unknown = {}) {
  return app.request(path, {
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    body: JSON.stringify(json),
  });
}

async function me(app: App, headers: Record<string, string>): Promise<number> {
  const r = await app.request("/api/v1/auth/me", { headers });
  await r.body?.cancel();
  return r.status;
}

Deno.test("signing out revokes that session's access token at once, and only that session's", async () => {
  const services = await openTestServices();
  try {
    const app = createApp(services);
    const email = testEmail();
    const a = await tokenSession(app, email, "signup");
    const b = await tokenSession(app, email);
    const c = await tokenSession(app, email);
    assert.equal(await me(app, a.headers), 200);
    const out = await post(app, "/api/v1/auth/logout", a.headers, { refreshToken: a.refreshToken });
    assert.equal(out.status, 204);
    assert.equal(await me(app, a.headers), 401, "the access token died with its session");
    assert.equal(await me(app, b.headers), 200, "other sessions go on");
    // With only the access token at hand, signing out ends its session too.
    assert.equal((await post(app, "/api/v1/auth/logout", c.headers)).status, 204);
    assert.equal(await me(app, c.headers), 401);
    assert.equal(
      (await post(app, "/api/v1/auth/refresh", {}, { refreshToken: c.refreshToken }))
        .status,
      401,
    );
    assert.equal(await me(app, b.headers), 200);
  } finally {
    await services.close();
  }
});

Deno.test("a copied access cookie stops working when the browser signs out", async () => {
  const services = await openTestServices();
  try {
    const app = createApp(services);
    const browser = new TestClient(app);
    await signUpAndIn(browser, {
      json: { email: testEmail(), password: GOOD_PASSWORD, displayName: "Cookie" },
    });
    const access = browser.cookies.get("vf_at")!;
    assert.ok(access);
    const thief = { cookie: `vf_at=${access}` };
    assert.equal(await me(app, thief), 200);
    assert.equal((await browser.request("/api/v1/auth/logout", { json: {} })).status, 204);
    assert.equal(await me(app, thief), 401);
  } finally {
    await services.close();
  }
});

Deno.test("the page's sign-out ends the access token's session even without a refresh cookie", async () => {
  const services = await openTestServices();
  try {
    const app = createApp(services);
    const browser = new TestClient(app);
    await signUpAndIn(browser, {
      json: { email: testEmail(), password: GOOD_PASSWORD, displayName: "Page" },
    });
    const access = browser.cookies.get("vf_at")!;
    const thief = { cookie: `vf_at=${access}` };
    assert.equal(await me(app, thief), 200);
    browser.cookies.delete("vf_rt");
    const out = await browser.request("/signout", { form: {} });
    assert.equal(out.status, 303);
    assert.equal(await me(app, thief), 401);
  } finally {
    await services.close();
  }
});

/** Opens the event stream of a video in processing, owned by a fresh token session. */
async function openStreams(options: AppOptions["eventStreams"]) {
  const services = await openTestServices();
  const app = createApp(services, { eventStreams: options });
  const owner = await tokenSession(app, testEmail(), "signup");
  const [video] = await services.db.sql<{ id: string }[]>`
    insert into videos (owner_id, title, status) values (${owner.id}, 'v', 'processing')
    returning id`;
  const open = () => app.request(`/api/v1/videos/${video.id}/events`, { headers: owner.headers });
  return { services, app, owner, open };
}

/** Reads an event stream to its end (or gives up after `ms`); returns the text and whether it ended. */
async function readAll(res: Response, ms: number): Promise<{ text: string; ended: boolean }> {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  const timer = new Promise<"timeout">((ok) => setTimeout(() => ok("timeout"), ms));
  while (true) {
    const next = await Promise.race([reader.read(), timer]);
    if (next === "timeout") {
      await reader.cancel();
      return { text, ended: false };
    }
    if (next.done) return { text, ended: true };
    text += next.value;
  }
}

Deno.test("an open event stream ends soon after its session is signed out everywhere", async () => {
  const { services, app, owner, open } = await openStreams({ recheckMs: 100 });
  try {
    const res = await open();
    assert.equal(res.status, 200);
    const reading = readAll(res, 15_000);
    await new Promise((ok) => setTimeout(ok, 300));
    assert.equal((await post(app, "/api/v1/auth/logout-all", owner.headers)).status, 204);
    const { text, ended } = await reading;
    assert.ok(ended, "the stream ended");
    assert.match(text, /event: status/);
    assert.match(text, /event: end\ndata: {"reason":"signed-out"}/);
  } finally {
    await services.close();
  }
});

Deno.test("event streams have a maximum lifetime and a per-user cap (429 beyond)", async () => {
  const { services, open } = await openStreams({ maxPerUser: 2, maxLifetimeMs: 2500 });
  try {
    const first = await open();
    const second = await open();
    assert.equal(first.status, 200);
    assert.equal(second.status, 200);
    const third = await open();
    assert.equal(third.status, 429);
    const { error } = await third.json();
    assert.equal(error.details.limit, 2);
    await second.body!.cancel();
    // Closing a stream frees its slot.
    let again = await open();
    for (let i = 0; i < 20 && again.status === 429; i++) {
      await again.body?.cancel();
      await new Promise((ok) => setTimeout(ok, 100));
      again = await open();
    }
    assert.equal(again.status, 200);
    const { text, ended } = await readAll(first, 15_000);
    assert.ok(ended, "the stream ended by itself");
    assert.match(text, /event: end\ndata: {"reason":"lifetime"}/);
    await again.body!.cancel();
  } finally {
    await services.close();
  }
});
