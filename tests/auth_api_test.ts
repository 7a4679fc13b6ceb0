/** The account lifecycle through the JSON API, against a real Postgres. */
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import { GOOD_PASSWORD, TestClient, testEmail } from "./_harness/client.ts";
import { openTestServices } from "./_harness/services.ts";
import { signUpAndIn } from "./_harness/accounts.ts";

Deno.test("auth API: sign up, me, refresh, log out, log in again", async () => {
  const services = await openTestServices();
  try {
    const app = createApp(services);
    const browser = new TestClient(app);
    const email = testEmail("life");
    const signup = await signUpAndIn(browser, {
      json: { email: `  ${email.toUpperCase()} `, password: GOOD_PASSWORD, displayName: " Ada " },
    });
    assert.equal(signup.status, 200);
    const { user, csrfToken } = await signup.json();
    assert.deepEqual(Object.keys(user).sort(), [
      "accessGroupId",
      "displayName",
      "email",
      "id",
      "premium",
      "role",
    ]);
    assert.equal(csrfToken, browser.cookies.get("vf_csrf"), "API-only clients get the CSRF token");
    assert.equal(user.email, email);
    assert.equal(user.displayName, "Ada");
    assert.equal(user.role, "creator");
    const cookies = signup.headers.getSetCookie().join("\n");
    assert.match(cookies, /vf_at=[^;]+;.*HttpOnly/);
    assert.match(cookies, /vf_rt=[^;]+;.*HttpOnly/);
    assert.match(cookies, /SameSite=Lax/);
    assert.doesNotMatch(cookies, /Secure/, "no Secure on localhost");

    const me = await browser.request("/api/v1/auth/me");
    assert.equal(me.status, 200);
    assert.deepEqual((await me.json()).user, user);

    const oldRefresh = browser.cookies.get("vf_rt");
    const refreshed = await browser.request("/api/v1/auth/refresh", { method: "POST" });
    assert.equal(refreshed.status, 200);
    assert.deepEqual((await refreshed.json()).user, user);
    assert.notEqual(browser.cookies.get("vf_rt"), oldRefresh, "the refresh token rotates");
    assert.equal((await browser.request("/api/v1/auth/me")).status, 200);

    const logout = await browser.request("/api/v1/auth/logout", { method: "POST" });
    assert.equal(logout.status, 204);
    assert.equal(browser.cookies.has("vf_at"), false);
    assert.equal((await browser.request("/api/v1/auth/me")).status, 401);
    const [row] = await services.db.sql`select count(*)::int as n from refresh_tokens
      where user_id = ${user.id} and revoked_at is null`;
    assert.equal(row.n, 0, "logging out revokes the session's refresh tokens");

    const login = await browser.request("/api/v1/auth/login", {
      json: { email, password: GOOD_PASSWORD },
    });
    assert.equal(login.status, 200);
    assert.equal((await login.json()).user.id, user.id);
    assert.equal((await browser.request("/api/v1/auth/me")).status, 200);

    const stored = await services.db.sql`select password_hash from users where id = ${user.id}`;
    assert.match(stored[0].password_hash, /^\$argon2id\$/);
  } finally {
    await services.close();
  }
});

Deno.test("auth API: cookies are Secure when the site is not on localhost", async () => {
  const services = await openTestServices();
  try {
    const client = new TestClient(createApp(services), { origin: "https://videos.example.com" });
    const r = await signUpAndIn(client, {
      json: { email: testEmail(), password: GOOD_PASSWORD, displayName: "Sec" },
      headers: { origin: "https://videos.example.com" },
    });
    assert.equal(r.status, 200);
    for (const c of r.headers.getSetCookie()) assert.match(c, /; Secure/, c);
  } finally {
    await services.close();
  }
});

Deno.test("auth API: unknown email and wrong password get the same answer", async () => {
  const services = await openTestServices();
  try {
    const client = new TestClient(createApp(services));
    const email = testEmail();
    await signUpAndIn(client, {
      json: { email, password: GOOD_PASSWORD, displayName: "Bo" },
    });
    const wrong = await client.request("/api/v1/auth/login", {
      json: { email, password: "not the right password" },
    });
    const unknown = await client.request("/api/v1/auth/login", {
      json: { email: testEmail("nobody"), password: "not the right password" },
    });
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    assert.deepEqual(await wrong.json(), await unknown.json());
  } finally {
    await services.close();
  }
});

Deno.test("auth API: bad input gets 400 with field-level details", async () => {
  const services = await openTestServices();
  try {
    // Many attempts from one address: lift the per-IP limit for this test.
    const client = new TestClient(createApp(services, { rateLimits: { auth: 100 } }));
    const fieldsOf = async (body: unknown) => {
      const r = await client.request("/api/v1/auth/signup", { json: body });
      assert.equal(r.status, 400);
      const { error } = await r.json();
      assert.equal(error.code, "invalid_input");
      return Object.fromEntries(
        error.details.fields.map((f: { field: string; message: string }) => [f.field, f.message]),
      );
    };
    const all = await fieldsOf({ email: "not-an-email", password: "", displayName: "" });
    assert.deepEqual(Object.keys(all).sort(), ["displayName", "email", "password"]);
    assert.ok(
      (await fieldsOf({ email: testEmail(), password: "short", displayName: "A" })).password,
    );
    const common = await fieldsOf({
      email: testEmail(),
      password: "Password123!",
      displayName: "A",
    });
    assert.match(common.password, /common/);
    const own = testEmail("myname");
    assert.match(
      (await fieldsOf({ email: own, password: own, displayName: "A" })).password,
      /email/,
    );
    assert.ok(
      (await fieldsOf({ email: testEmail(), password: GOOD_PASSWORD, displayName: "x".repeat(51) }))
        .displayName,
    );
    assert.ok(
      (await fieldsOf({ email: testEmail(), password: GOOD_PASSWORD, displayName: "\u202Eevil" }))
        .displayName,
    );
    assert.ok(
      (await fieldsOf({ email: testEmail(), password: GOOD_PASSWORD, displayName: "a\u0000b" }))
        .displayName,
    );
    assert.ok(
      (await fieldsOf({ email: testEmail(), password: GOOD_PASSWORD, displayName: "\uD800x" }))
        .displayName,
    );
    assert.ok(
      (await fieldsOf({
        email: `${"a".repeat(300)}@example.com`,
        password: GOOD_PASSWORD,
        displayName: "A",
      })).email,
    );
    assert.ok(
      (await fieldsOf({ email: testEmail(), password: "p".repeat(300), displayName: "A" }))
        .password,
    );
    assert.ok((await fieldsOf([1, 2, 3]))["(input)"]);

    const notJson = await client.request("/api/v1/auth/login", {
      method: "POST",
      body: "{nope",
      headers: { "content-type": "application/json" },
    });
    assert.equal(notJson.status, 400);

    // Odd but valid unicode is kept as typed (normalised to NFC) and escaped when shown.
    const name = "Zoë 🎬 <b>&";
    const ok = await signUpAndIn(client, {
      json: { email: testEmail(), password: GOOD_PASSWORD, displayName: name.normalize("NFD") },
    });
    assert.equal(ok.status, 200);
    assert.equal((await ok.json()).user.displayName, name);
    const home = await (await client.request("/")).text();
    assert.match(home, /Zoë 🎬 &lt;b>&amp;/);
  } finally {
    await services.close();
  }
});

Deno.test("auth API: a taken email, whatever its case, gets a new one's answer and no second account", async () => {
  const services = await openTestServices();
  try {
    const client = new TestClient(createApp(services));
    const email = testEmail();
    const first = await client.request("/api/v1/auth/signup", {
      json: { email, password: GOOD_PASSWORD, displayName: "One" },
    });
    assert.equal(first.status, 202);
    const again = await new TestClient(createApp(services)).request("/api/v1/auth/signup", {
      json: { email: email.toUpperCase(), password: GOOD_PASSWORD, displayName: "Two" },
    });
    assert.equal(again.status, 202, "no 409: that would tell anyone who has an account");
    assert.deepEqual(await again.json(), await first.json());
    const [{ n }] = await services.db.sql`select count(*)::int as n from users`;
    assert.equal(n, 1);
  } finally {
    await services.close();
  }
});
