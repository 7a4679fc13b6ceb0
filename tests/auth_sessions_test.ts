/** Sessions through the JSON API: Bearer tokens, public profiles, password change, sign out everywhere. */
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import { GOOD_PASSWORD, TestClient, testEmail } from "./_harness/client.ts";
import { openTestServices } from "./_harness/services.ts";
import { signUpAndIn } from "./_harness/accounts.ts";

Deno.test("auth API: token sessions for API clients work with a Bearer header", async () => {
  const services = await openTestServices();
  try {
    const app = createApp(services);
    const r = await signUpAndIn(app, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        email: testEmail(),
        password: GOOD_PASSWORD,
        displayName: "Cli",
        session: "token",
      }),
    });
    assert.equal(r.status, 200);
    assert.deepEqual(r.headers.getSetCookie().filter((c) => /^vf_(at|rt)=/.test(c)), []);
    const body = await r.json();
    assert.equal(body.tokenType, "Bearer");
    const auth = { authorization: `Bearer ${body.accessToken}` };
    const me = await app.request("/api/v1/auth/me", { headers: auth });
    assert.equal(me.status, 200);
    const patch = await app.request("/api/v1/users/me", {
      method: "PATCH",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ bio: "Line one\nline two" }),
    });
    assert.equal(patch.status, 200, "Bearer requests need no CSRF token");
    assert.equal((await patch.json()).user.bio, "Line one\nline two");

    const refreshed = await app.request("/api/v1/auth/refresh", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ refreshToken: body.refreshToken }),
    });
    assert.equal(refreshed.status, 200);
    const next = await refreshed.json();
    assert.notEqual(next.refreshToken, body.refreshToken);
    assert.equal(
      (await app.request("/api/v1/auth/me", {
        headers: { authorization: `Bearer ${next.accessToken}` },
      })).status,
      200,
    );
  } finally {
    await services.close();
  }
});

Deno.test("GET /api/v1/users/:id shows a public profile without the email", async () => {
  const services = await openTestServices();
  try {
    const client = new TestClient(createApp(services));
    const { user } = await (await signUpAndIn(client, {
      json: { email: testEmail(), password: GOOD_PASSWORD, displayName: "Pub" },
    })).json();
    const anon = createApp(services);
    const r = await anon.request(`/api/v1/users/${user.id}`);
    assert.equal(r.status, 200);
    const profile = (await r.json()).user;
    assert.equal(profile.displayName, "Pub");
    assert.equal(profile.email, undefined);
    assert.equal((await anon.request(`/api/v1/users/${crypto.randomUUID()}`)).status, 404);
    assert.equal((await anon.request("/api/v1/users/not-a-uuid")).status, 400);
  } finally {
    await services.close();
  }
});

Deno.test("changing the password ends other sessions and keeps this one", async () => {
  const services = await openTestServices();
  try {
    const app = createApp(services);
    const email = testEmail();
    const here = new TestClient(app);
    const there = new TestClient(app);
    await signUpAndIn(here, {
      json: { email, password: GOOD_PASSWORD, displayName: "Pw" },
    });
    await there.request("/api/v1/auth/login", { json: { email, password: GOOD_PASSWORD } });
    const wrong = await here.request("/api/v1/auth/password", {
      json: { currentPassword: "nope nope nope", newPassword: "a brand new passphrase" },
    });
    assert.equal(wrong.status, 400);
    assert.equal((await wrong.json()).error.details.fields[0].field, "currentPassword");
    const changed = await here.request("/api/v1/auth/password", {
      json: { currentPassword: GOOD_PASSWORD, newPassword: "a brand new passphrase" },
    });
    assert.equal(changed.status, 200);
    assert.equal((await here.request("/api/v1/auth/me")).status, 200);
    assert.equal((await there.request("/api/v1/auth/me")).status, 401);
    const old = await app.request("/api/v1/auth/login", {
      method: "POST",
      body: JSON.stringify({ email, password: GOOD_PASSWORD }),
    });
    assert.equal(old.status, 401);
  } finally {
    await services.close();
  }
});

Deno.test("sign out everywhere ends every session, including refresh tokens", async () => {
  const services = await openTestServices();
  try {
    const app = createApp(services);
    const email = testEmail();
    const a = new TestClient(app);
    const b = new TestClient(app);
    await signUpAndIn(a, {
      json: { email, password: GOOD_PASSWORD, displayName: "Ev" },
    });
    await b.request("/api/v1/auth/login", { json: { email, password: GOOD_PASSWORD } });
    assert.equal((await a.request("/api/v1/auth/logout-all", { method: "POST" })).status, 204);
    assert.equal((await a.request("/api/v1/auth/me")).status, 401);
    // b still holds cookies; neither its access token nor its refresh token works.
    assert.equal((await b.request("/api/v1/auth/me")).status, 401);
    assert.equal((await b.request("/api/v1/auth/refresh", { method: "POST" })).status, 401);
  } finally {
    await services.close();
  }
});
