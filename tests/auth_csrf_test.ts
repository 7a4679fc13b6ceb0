/** CSRF protection for cookie-authenticated state-changing requests, pages and API. */
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import { GOOD_PASSWORD, TestClient, testEmail } from "./_harness/client.ts";
import { openTestServices } from "./_harness/services.ts";
import { signUpAndIn } from "./_harness/accounts.ts";

async function signedIn() {
  const services = await openTestServices();
  const app = createApp(services);
  const client = new TestClient(app);
  const r = await signUpAndIn(client, {
    json: { email: testEmail(), password: GOOD_PASSWORD, displayName: "Csrf" },
  });
  assert.equal(r.status, 200);
  return { services, app, client };
}

Deno.test("a cross-site POST without the CSRF proof is refused and changes nothing", async () => {
  const { services, client } = await signedIn();
  try {
    // What a hostile page's auto-submitted form looks like: cookies, foreign Origin, no token.
    const forged = await client.request("/settings/signout-everywhere", {
      form: {},
      csrf: false,
      headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
    });
    assert.equal(forged.status, 403);
    assert.match(await forged.text(), /could not be verified/);
    const forgedApi = await client.request("/api/v1/auth/logout-all", {
      method: "POST",
      csrf: false,
      headers: { origin: "https://evil.example" },
    });
    assert.equal(forgedApi.status, 403);
    assert.equal((await forgedApi.json()).error.code, "forbidden");
    // Even holding the token, another origin is refused.
    const foreign = await client.request("/api/v1/users/me", {
      method: "PATCH",
      json: { bio: "pwned" },
      headers: { origin: "https://evil.example" },
    });
    assert.equal(foreign.status, 403);
    assert.equal((await client.request("/api/v1/auth/me")).status, 200, "still signed in");
    const [row] = await services.db.sql`select bio from users`;
    assert.equal(row.bio, "");
  } finally {
    await services.close();
  }
});

Deno.test("a same-site request with session cookies still needs the token", async () => {
  const { services, client } = await signedIn();
  try {
    const noToken = await client.request("/api/v1/users/me", {
      method: "PATCH",
      json: { bio: "x" },
      csrf: false,
    });
    assert.equal(noToken.status, 403);
    const forged = await client.request("/api/v1/users/me", {
      method: "PATCH",
      json: { bio: "x" },
      csrf: false,
      headers: { "x-csrf-token": "made.up" },
    });
    assert.equal(forged.status, 403);
    // A token the attacker planted in both places is refused too: the server signs its tokens.
    client.cookies.set("vf_csrf", "planted.token");
    const planted = await client.request("/api/v1/users/me", {
      method: "PATCH",
      json: { bio: "x" },
    });
    assert.equal(planted.status, 403);
    client.cookies.delete("vf_csrf");
    const ok = await client.request("/api/v1/users/me", { method: "PATCH", json: { bio: "ok" } });
    assert.equal(ok.status, 200);
    const form = await client.request("/profile", { form: { displayName: "Formed", bio: "" } });
    assert.equal(form.status, 303, "the hidden _csrf field is the proof for forms");
  } finally {
    await services.close();
  }
});

Deno.test("login CSRF: a foreign site cannot sign a browser in", async () => {
  const services = await openTestServices();
  try {
    const app = createApp(services);
    const email = testEmail();
    await signUpAndIn(new TestClient(app), {
      json: { email, password: GOOD_PASSWORD, displayName: "Att" },
    });
    const victim = new TestClient(app);
    const r = await victim.request("/signin", {
      form: { email, password: GOOD_PASSWORD },
      csrf: false,
      headers: { origin: "https://evil.example" },
    });
    assert.equal(r.status, 403);
    assert.equal(victim.cookies.has("vf_at"), false);
  } finally {
    await services.close();
  }
});

Deno.test("Bearer-authenticated requests and signed storage URLs are exempt", async () => {
  const { services, app } = await signedIn();
  try {
    const login = await app.request("/api/v1/auth/login", {
      method: "POST",
      body: JSON.stringify({
        email: (await services.db.sql`select email from users`)[0].email,
        password: GOOD_PASSWORD,
        session: "token",
      }),
    });
    const { accessToken } = await login.json();
    const r = await app.request("/api/v1/users/me", {
      method: "PATCH",
      headers: { authorization: `Bearer ${accessToken}`, origin: "https://tool.example" },
      body: JSON.stringify({ bio: "from a script" }),
    });
    assert.equal(r.status, 200);
    // A presigned part URL is authenticated by its signature: the CSRF layer lets it through
    // to the storage route, which then refuses the bad signature itself.
    const part = await app.request(
      `/_storage/parts/${crypto.randomUUID()}/1?exp=9999999999&sig=bad`,
      { method: "PUT", body: "x", headers: { cookie: "vf_at=x" } },
    );
    const body = await part.json();
    assert.doesNotMatch(body.error.message, /could not be verified/, body.error.message);
    assert.match(body.error.message, /link|sign|expired|valid/i);
  } finally {
    await services.close();
  }
});

Deno.test("a cookie-carrying form without a Content-Length is refused before it is read", async () => {
  const services = await openTestServices();
  try {
    const app = createApp(services);
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        // Far past the form limit, in chunks, with no Content-Length.
        for (let i = 0; i < 160; i++) {
          c.enqueue(new TextEncoder().encode("a=" + "y".repeat(64 * 1024)));
        }
        c.close();
      },
    });
    const r = await app.request("http://localhost/profile", {
      method: "POST",
      headers: { cookie: "vf_at=x", "content-type": "application/x-www-form-urlencoded" },
      body,
      // @ts-ignore: needed for a streamed request body
      duplex: "half",
    });
    assert.equal(r.status, 413);
  } finally {
    await services.close();
  }
});
