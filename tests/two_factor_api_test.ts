/** Two-factor sign-in through the API: set up, confirm, the second step, recovery codes, replay, disable. */
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import { GOOD_PASSWORD, testEmail } from "./_harness/client.ts";
import { openTestServices } from "./_harness/services.ts";
import { totpClock } from "./_harness/totp.ts";

type App = ReturnType<typeof createApp>;
type Headers = Record<string, string>;

function call(
  app: App,
  path: string,
  init: { json?: unknown; headers?: Headers; method?: string },
) {
  return app.request(path, {
    method: init.method ?? (init.json === undefined ? "GET" : "POST"),
    headers: { "content-type": "application/json", ...init.headers },
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
}

async function signUp(app: App, email: string, headers: Headers = {}) {
  // Sign-up answers alike for every address and signs nobody in: sign in after it.
  const asked = await call(app, "/api/v1/auth/signup", {
    json: { email, password: GOOD_PASSWORD, displayName: "Two" },
    headers,
  });
  assert.equal(asked.status, 202);
  const r = await call(app, "/api/v1/auth/login", {
    json: { email, password: GOOD_PASSWORD, session: "token" },
    headers,
  });
  assert.equal(r.status, 200);
  const body = await r.json();
  return { id: body.user.id as string, headers: { authorization: `Bearer ${body.accessToken}` } };
}

/** Turns two-factor on for a signed-in user; returns the secret, a clock and the recovery codes. */
async function enable(app: App, headers: Headers) {
  const setup = await call(app, "/api/v1/users/me/two-factor/setup", { json: {}, headers });
  assert.equal(setup.status, 200);
  const { secret, otpauthUrl, qrSvg } = await setup.json();
  const clock = await totpClock(secret);
  const confirm = await call(app, "/api/v1/users/me/two-factor/confirm", {
    json: { code: clock.codeAt(-1) },
    headers,
  });
  assert.equal(confirm.status, 200);
  const { recoveryCodes } = await confirm.json();
  return { secret, otpauthUrl, qrSvg, clock, recoveryCodes: recoveryCodes as string[] };
}

async function password(app: App, email: string, headers: Headers = {}) {
  return await call(app, "/api/v1/auth/login", {
    json: { email, password: GOOD_PASSWORD, session: "token" },
    headers,
  });
}

async function challengeFor(app: App, email: string, headers: Headers = {}): Promise<string> {
  const r = await password(app, email, headers);
  assert.equal(r.status, 202);
  return (await r.json()).secondFactor.challenge;
}

function second(app: App, challenge: string, code: string, headers: Headers = {}) {
  return call(app, "/api/v1/auth/login/second-factor", {
    json: { challenge, code, session: "token" },
    headers,
  });
}

Deno.test("two-factor: setup shows a QR code, confirm turns it on, stored secret and codes are not readable", async () => {
  const services = await openTestServices();
  try {
    const app = createApp(services);
    const user = await signUp(app, testEmail());
    const before = await call(app, "/api/v1/users/me/two-factor", { headers: user.headers });
    assert.deepEqual(await before.json(), { enabled: false, pending: false, recoveryCodesLeft: 0 });
    const setup = await call(app, "/api/v1/users/me/two-factor/setup", {
      json: {},
      headers: user.headers,
    });
    const { secret, otpauthUrl, qrSvg } = await setup.json();
    assert.match(secret, /^[A-Z2-7]{32}$/);
    assert.match(otpauthUrl, new RegExp(`^otpauth://totp/VideoFlow:.*secret=${secret}`));
    assert.match(qrSvg, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const wrong = await call(app, "/api/v1/users/me/two-factor/confirm", {
      json: { code: "000000" },
      headers: user.headers,
    });
    assert.equal(wrong.status, 400);
    assert.equal((await wrong.json()).error.details.fields[0].field, "code");
    const clock = await totpClock(secret);
    const ok = await call(app, "/api/v1/users/me/two-factor/confirm", {
      json: { code: clock.codeAt(0) },
      headers: user.headers,
    });
    assert.equal(ok.status, 200);
    const { recoveryCodes } = await ok.json();
    assert.equal(recoveryCodes.length, 10);
    assert.equal(new Set(recoveryCodes).size, 10);
    const status = await call(app, "/api/v1/users/me/two-factor", { headers: user.headers });
    assert.deepEqual(await status.json(), { enabled: true, pending: false, recoveryCodesLeft: 10 });
    // At rest: the secret is sealed, the codes are keyed hashes.
    const [row] = await services.db
      .sql`select secret_box from two_factor where user_id = ${user.id}`;
    assert.ok(!row.secret_box.includes(secret));
    assert.match(row.secret_box, /^v1\./);
    const hashes = await services.db.sql`select code_hash from two_factor_recovery_codes
      where user_id = ${user.id}`;
    assert.equal(hashes.length, 10);
    for (const h of hashes) assert.ok(!recoveryCodes.includes(h.code_hash));
    // "Download your data" says two-factor is on and lists the device, never the secret or codes.
    const exported = await call(app, "/api/v1/users/me/export", { headers: user.headers });
    assert.equal(exported.status, 200);
    const data = await exported.json();
    assert.equal(data.twoFactor[0].enabled, true);
    assert.equal(data.twoFactor[0].recoveryCodesLeft, 10);
    assert.equal(data.devices.length, 1);
    const text = JSON.stringify(data);
    assert.ok(!text.includes(secret) && !text.includes(row.secret_box));
    for (const code of recoveryCodes) assert.ok(!text.includes(code));
    // Setting up again while on is a conflict (turn it off first).
    const again = await call(app, "/api/v1/users/me/two-factor/setup", {
      json: {},
      headers: user.headers,
    });
    assert.equal(again.status, 409);
  } finally {
    await services.close();
  }
});

Deno.test("two-factor sign-in: no token before the code; codes and recovery codes work once", async () => {
  const services = await openTestServices();
  try {
    // More tries than the default per-IP limit of the second step (10 a minute).
    const app = createApp(services, { rateLimits: { auth: 50 } });
    const email = testEmail();
    const user = await signUp(app, email);
    const { clock, recoveryCodes } = await enable(app, user.headers);
    const first = await password(app, email);
    assert.equal(first.status, 202);
    assert.deepEqual(first.headers.getSetCookie().filter((c) => /vf_(at|rt)=/.test(c)), []);
    const body = await first.json();
    assert.deepEqual(Object.keys(body), ["secondFactor"]);
    const { challenge } = body.secondFactor;
    // The challenge is no access token.
    const asBearer = await call(app, "/api/v1/auth/me", {
      headers: { authorization: `Bearer ${challenge}` },
    });
    assert.equal(asBearer.status, 401);
    assert.equal((await second(app, challenge, "123456")).status, 401);
    // Hostile shapes are a 400, never a 500.
    assert.equal((await second(app, challenge, "1".repeat(41))).status, 400);
    for (const json of [{ challenge: 5, code: "123456" }, { challenge, code: ["1"] }, {}]) {
      const r = await call(app, "/api/v1/auth/login/second-factor", { json });
      assert.equal(r.status, 400, JSON.stringify(json));
      await r.body?.cancel();
    }
    assert.equal((await second(app, "not-a-challenge", clock.codeAt(0))).status, 401);
    const signed = await second(app, challenge, clock.codeAt(0));
    assert.equal(signed.status, 200);
    const tokens = await signed.json();
    const me = await call(app, "/api/v1/auth/me", {
      headers: { authorization: `Bearer ${tokens.accessToken}` },
    });
    assert.equal(me.status, 200);
    // The same challenge cannot start a second session, even with a fresh code.
    assert.equal((await second(app, challenge, clock.codeAt(1))).status, 401);
    // Replay: the code just used is refused on a new challenge, and says why.
    const replay = await second(app, await challengeFor(app, email), clock.codeAt(0));
    assert.equal(replay.status, 401);
    assert.match((await replay.json()).error.message, /already used/);
    // An older step than the last one used is refused too.
    assert.equal((await second(app, await challengeFor(app, email), clock.codeAt(-1))).status, 401);
    // A recovery code (typed in upper case with spaces) works once.
    const typed = recoveryCodes[0].toUpperCase().replaceAll("-", " ");
    assert.equal((await second(app, await challengeFor(app, email), typed)).status, 200);
    assert.equal(
      (await second(app, await challengeFor(app, email), recoveryCodes[0])).status,
      401,
    );
    const status = await call(app, "/api/v1/users/me/two-factor", { headers: user.headers });
    assert.equal((await status.json()).recoveryCodesLeft, 9);
    // The next step's code works once, even sent twice at the same moment.
    const [a, b] = [await challengeFor(app, email), await challengeFor(app, email)];
    const both = await Promise.all([
      second(app, a, clock.codeAt(1)),
      second(app, b, clock.codeAt(1)),
    ]);
    assert.deepEqual(both.map((r) => r.status).sort(), [200, 401]);
  } finally {
    await services.close();
  }
});

Deno.test("two-factor off needs the password and a code; then the password alone signs in", async () => {
  const services = await openTestServices();
  try {
    const app = createApp(services);
    const email = testEmail();
    const user = await signUp(app, email);
    const { clock } = await enable(app, user.headers);
    const disable = (json: unknown) =>
      call(app, "/api/v1/users/me/two-factor/disable", { json, headers: user.headers });
    const badPassword = await disable({
      password: "not my password at all",
      code: clock.codeAt(0),
    });
    assert.equal(badPassword.status, 400);
    assert.equal((await badPassword.json()).error.details.fields[0].field, "password");
    assert.equal((await disable({ password: GOOD_PASSWORD, code: "000000" })).status, 400);
    assert.equal((await disable({ password: GOOD_PASSWORD })).status, 400);
    assert.equal((await disable({ password: GOOD_PASSWORD, code: clock.codeAt(0) })).status, 204);
    assert.equal((await password(app, email)).status, 200);
    assert.equal((await disable({ password: GOOD_PASSWORD, code: clock.codeAt(1) })).status, 409);
  } finally {
    await services.close();
  }
});

/** A new address in one IPv6 /64 per request: one network for the sign-in limits, never the per-IP ones. */
function network(prefix: string) {
  let n = 0;
  return () => ({ "x-forwarded-for": `${prefix}::${(++n).toString(16)}` });
}

Deno.test("wrong second-factor codes count toward the sign-in limits until the account locks", async () => {
  const services = await openTestServices();
  services.config.trustProxy = true;
  try {
    const app = createApp(services, { rateLimits: { windowMs: 60_000, auth: 3 } });
    const from = network("2001:db8:77:1");
    const email = testEmail();
    const user = await signUp(app, email, from());
    const { clock } = await enable(app, user.headers);
    const challenge = await challengeFor(app, email, from());
    // The password step's slot stays taken until the second step succeeds: 1 of 3 used.
    assert.equal((await second(app, challenge, "111111", from())).status, 401);
    assert.equal((await second(app, challenge, "222222", from())).status, 401);
    // The limit is reached: even the right code is refused, and so is the password.
    const locked = await second(app, challenge, clock.codeAt(0), from());
    assert.equal(locked.status, 429);
    assert.match((await locked.json()).error.message, /failed sign-ins/);
    assert.ok(Number(locked.headers.get("retry-after")) > 0);
    assert.equal((await password(app, email, from())).status, 429);
    // Another network is not locked out by these failures.
    const home = network("2001:db8:88:1");
    const fromHome = await challengeFor(app, email, home());
    assert.equal((await second(app, fromHome, clock.codeAt(0), home())).status, 200);
    // The second step has its own per-address limit too (3 here), whatever the challenge.
    const one = { "x-forwarded-for": "203.0.113.5" };
    const tries = [];
    for (let i = 0; i < 4; i++) {
      tries.push((await second(app, `forged.${i}`, "123456", one)).status);
    }
    assert.deepEqual(tries, [401, 401, 401, 429]);
  } finally {
    await services.close();
  }
});

Deno.test("a right code gives back the sign-in slots, so the owner is never locked out by signing in", async () => {
  const services = await openTestServices();
  services.config.trustProxy = true;
  try {
    const app = createApp(services, { rateLimits: { windowMs: 60_000, auth: 3 } });
    const from = network("2001:db8:99:1");
    const email = testEmail();
    const user = await signUp(app, email, from());
    const { clock, recoveryCodes } = await enable(app, user.headers);
    const codes = [clock.codeAt(0), clock.codeAt(1), ...recoveryCodes.slice(0, 3)];
    for (const code of codes) {
      const challenge = await challengeFor(app, email, from());
      assert.equal((await second(app, challenge, code, from())).status, 200);
    }
  } finally {
    await services.close();
  }
});

Deno.test("admins reset a user's two-factor (their sessions end); others get 403; banned users 401", async () => {
  const services = await openTestServices();
  services.config.auth.adminEmail = "boss-2fa@example.com";
  try {
    const app = createApp(services);
    const admin = await signUp(app, "boss-2fa@example.com");
    const email = testEmail();
    const user = await signUp(app, email);
    await enable(app, user.headers);
    const path = `/api/v1/admin/users/${user.id}/two-factor/reset`;
    assert.equal((await call(app, path, { json: {}, headers: user.headers })).status, 403);
    assert.equal((await call(app, path, { json: {} })).status, 401);
    const unknown = `/api/v1/admin/users/${crypto.randomUUID()}/two-factor/reset`;
    assert.equal((await call(app, unknown, { json: {}, headers: admin.headers })).status, 404);
    assert.equal(
      (await call(app, "/api/v1/admin/users/nope/two-factor/reset", {
        json: {},
        headers: admin.headers,
      }))
        .status,
      400,
    );
    assert.equal((await call(app, path, { json: {}, headers: admin.headers })).status, 204);
    assert.equal((await call(app, "/api/v1/auth/me", { headers: user.headers })).status, 401);
    // The user is told each change to their sign-in (security notices).
    const notices = await services.db.sql<{ reason: string }[]>`select data->>'reason' as reason
      from notifications where user_id = ${user.id} and kind = 'security' order by id`;
    assert.deepEqual(notices.map((n) => n.reason.split(" ").slice(0, 4).join(" ")), [
      "Two-factor sign-in was turned",
      "An admin turned two-factor",
    ]);
    // The password alone signs in again.
    const r = await password(app, email);
    assert.equal(r.status, 200);
    const again = { authorization: `Bearer ${(await r.json()).accessToken}` };
    // A banned user cannot reach the two-factor or session endpoints.
    const ban = await call(app, `/api/v1/users/${user.id}/ban`, {
      method: "PUT",
      json: { reason: "spam" },
      headers: admin.headers,
    });
    assert.equal(ban.status, 204);
    for (const p of ["/api/v1/users/me/two-factor", "/api/v1/users/me/sessions"]) {
      assert.equal((await call(app, p, { headers: again })).status, 401, p);
    }
  } finally {
    await services.close();
  }
});
