/** Tampered, expired and stale tokens; refresh-token rotation and reuse. */
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import { accessKey } from "../lib/auth/mod.ts";
import { signAccessToken } from "../lib/auth/access_token.ts";
import { GOOD_PASSWORD, TestClient, testEmail } from "./_harness/client.ts";
import { openTestServices } from "./_harness/services.ts";
import { signUpAndIn } from "./_harness/accounts.ts";

function b64url(obj: unknown): string {
  return btoa(JSON.stringify(obj)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

Deno.test("tampered, expired and stale access tokens get 401", async () => {
  const services = await openTestServices();
  try {
    const app = createApp(services);
    const r = await signUpAndIn(app, {
      method: "POST",
      body: JSON.stringify({
        email: testEmail(),
        password: GOOD_PASSWORD,
        displayName: "Tok",
        session: "token",
      }),
    });
    const { user, accessToken } = await r.json();
    const me = (token: string) =>
      app.request("/api/v1/auth/me", { headers: { authorization: `Bearer ${token}` } });
    assert.equal((await me(accessToken)).status, 200, "the genuine token works");

    const [, payload] = accessToken.split(".");
    const claims = JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/")));
    const none = `${b64url({ alg: "none", typ: "JWT" })}.${payload}.`;
    const key = accessKey(services.authSecret);
    const cases: [string, string][] = [
      ["alg none", none],
      ["alg none, no dot", none.slice(0, -1)],
      [
        "wrong key",
        (await signAccessToken(accessKey("another-secret-".padEnd(40, "z")), {
          userId: user.id,
          tokenVersion: 0,
        })).token,
      ],
      [
        "expired",
        (await signAccessToken(key, { userId: user.id, tokenVersion: 0 }, {
          now: Math.floor(Date.now() / 1000) - 3600,
        })).token,
      ],
      [
        "payload edited (role claim, other user)",
        `${accessToken.split(".")[0]}.${b64url({ ...claims, sub: crypto.randomUUID() })}.${
          accessToken.split(".")[2]
        }`,
      ],
      ["garbage", "not-a-jwt"],
    ];
    for (const [name, token] of cases) {
      const res = await me(token);
      assert.equal(res.status, 401, name);
      assert.equal((await res.json()).error.code, "unauthenticated", name);
    }

    // A token for a user whose token_version moved on is stale.
    await services.db.sql`update users set token_version = token_version + 1 where id = ${user.id}`;
    assert.equal((await me(accessToken)).status, 401, "stale token_version");
    const fresh = await signAccessToken(key, { userId: user.id, tokenVersion: 1 });
    assert.equal((await me(fresh.token)).status, 200, "the current token_version works");

    // A bad Bearer header is a 401 even on a public page, so clients know to refresh.
    assert.equal(
      (await app.request("/api/v1/users/" + user.id, { headers: { authorization: "Basic x" } }))
        .status,
      401,
    );
  } finally {
    await services.close();
  }
});

Deno.test("a tampered access cookie without a refresh cookie is anonymous and cleared", async () => {
  const services = await openTestServices();
  try {
    const client = new TestClient(createApp(services));
    await signUpAndIn(client, {
      json: { email: testEmail(), password: GOOD_PASSWORD, displayName: "Ck" },
    });
    client.cookies.delete("vf_rt");
    client.cookies.set("vf_at", client.cookies.get("vf_at")!.slice(0, -3) + "AAA");
    const r = await client.request("/api/v1/auth/me");
    assert.equal(r.status, 401);
    assert.equal(client.cookies.has("vf_at"), false);
  } finally {
    await services.close();
  }
});

Deno.test("an expired access cookie is renewed from the refresh cookie", async () => {
  const services = await openTestServices();
  try {
    const client = new TestClient(createApp(services));
    await signUpAndIn(client, {
      json: { email: testEmail(), password: GOOD_PASSWORD, displayName: "Ren" },
    });
    const before = client.cookies.get("vf_rt");
    client.cookies.delete("vf_at"); // the browser drops it at Max-Age
    const r = await client.request("/api/v1/auth/me");
    assert.equal(r.status, 200);
    assert.ok(client.cookies.get("vf_at"));
    assert.notEqual(client.cookies.get("vf_rt"), before);
  } finally {
    await services.close();
  }
});

Deno.test("presenting a rotated refresh token revokes the whole family", async () => {
  const services = await openTestServices();
  try {
    const app = createApp(services, { refreshGraceSeconds: 0 });
    const victim = new TestClient(app);
    const email = testEmail();
    await signUpAndIn(victim, {
      json: { email, password: GOOD_PASSWORD, displayName: "Vic" },
    });
    const stolen = victim.cookies.get("vf_rt")!;
    // The victim refreshes (rotation); later the thief replays the old token.
    assert.equal((await victim.request("/api/v1/auth/refresh", { method: "POST" })).status, 200);
    const replay = await app.request("/api/v1/auth/refresh", {
      method: "POST",
      body: JSON.stringify({ refreshToken: stolen }),
    });
    assert.equal(replay.status, 401);
    // The victim's current refresh token died with its family.
    assert.equal((await victim.request("/api/v1/auth/refresh", { method: "POST" })).status, 401);
    const [{ live }] = await services.db.sql`select count(*)::int as live from refresh_tokens t
      join users u on u.id = t.user_id where u.email = ${email} and t.revoked_at is null`;
    assert.equal(live, 0);

    // Another sign-in (another family) is not affected by that revocation.
    const other = new TestClient(app);
    await other.request("/api/v1/auth/login", { json: { email, password: GOOD_PASSWORD } });
    assert.equal((await other.request("/api/v1/auth/refresh", { method: "POST" })).status, 200);
  } finally {
    await services.close();
  }
});

Deno.test("a rotated token presented again within the grace period is refused without revoking", async () => {
  const services = await openTestServices();
  try {
    const app = createApp(services, { refreshGraceSeconds: 60 });
    const tab1 = new TestClient(app);
    await signUpAndIn(tab1, {
      json: { email: testEmail(), password: GOOD_PASSWORD, displayName: "Tabs" },
    });
    const old = tab1.cookies.get("vf_rt")!;
    assert.equal((await tab1.request("/api/v1/auth/refresh", { method: "POST" })).status, 200);
    const racing = await app.request("/api/v1/auth/refresh", {
      method: "POST",
      body: JSON.stringify({ refreshToken: old }),
    });
    assert.equal(racing.status, 401);
    assert.equal((await tab1.request("/api/v1/auth/refresh", { method: "POST" })).status, 200);
  } finally {
    await services.close();
  }
});
