/** Failed sign-ins from elsewhere cannot lock the owner out; correct ones never count. */
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import { GOOD_PASSWORD, testEmail } from "./_harness/client.ts";
import { openTestServices } from "./_harness/services.ts";
import { signUpAndIn } from "./_harness/accounts.ts";

type App = ReturnType<typeof createApp>;

function login(app: App, email: string, ip: string, password = "wrong password here") {
  return app.request("/api/v1/auth/login", {
    method: "POST",
    headers: { "x-forwarded-for": ip, "content-type": "application/json" },
    body: JSON.stringify({ email, password, session: "token" }),
  });
}

async function signUp(app: App, ip: string): Promise<string> {
  const email = testEmail("owner");
  const r = await signUpAndIn(app, {
    method: "POST",
    headers: { "x-forwarded-for": ip, "content-type": "application/json" },
    body: JSON.stringify({
      email,
      password: GOOD_PASSWORD,
      displayName: "Owner",
      session: "token",
    }),
  });
  assert.equal(r.status, 200);
  return email;
}

Deno.test("wrong passwords from many addresses do not lock the owner out of a known network", async () => {
  const services = await openTestServices();
  services.config.trustProxy = true;
  try {
    const app = createApp(services, { rateLimits: { windowMs: 60_000, auth: 3 } });
    const email = await signUp(app, "198.51.100.1");
    const home = "2001:db8:aaaa:1::10";
    assert.equal((await login(app, email, home, GOOD_PASSWORD)).status, 200);
    // Twenty guesses, each from a new address: far past the per-account limit (15).
    for (let i = 0; i < 20; i++) {
      const r = await login(app, email, `203.0.113.${i + 1}`);
      assert.ok([401, 429].includes(r.status), `guess ${i + 1}: ${r.status}`);
    }
    // With the account's budget spent, a new network gets one try, not more…
    assert.equal((await login(app, email, "203.0.113.200")).status, 401, "one try");
    assert.equal((await login(app, email, "203.0.113.200")).status, 429, "then it waits");
    // …so the owner on a network never used before still gets in with the right password,
    assert.equal((await login(app, email, "192.0.2.77", GOOD_PASSWORD)).status, 200);
    // and the owner's known network (any address in its /64) too.
    assert.equal((await login(app, email, "2001:db8:aaaa:1::99", GOOD_PASSWORD)).status, 200);
    assert.equal((await login(app, email, home, GOOD_PASSWORD)).status, 200);
  } finally {
    await services.close();
  }
});

Deno.test("failures per (account, network) are tight, even across addresses of one IPv6 /64", async () => {
  const services = await openTestServices();
  services.config.trustProxy = true;
  try {
    const app = createApp(services, { rateLimits: { windowMs: 60_000, auth: 3 } });
    const email = await signUp(app, "198.51.100.1");
    for (const host of ["a", "b", "c"]) {
      assert.equal((await login(app, email, `2001:db8:bad:1::${host}`)).status, 401);
    }
    // A new address in the same /64 is the same network: refused before the password is checked.
    assert.equal((await login(app, email, "2001:db8:bad:1::d", GOOD_PASSWORD)).status, 429);
    // The owner, from a network of their own that never signed in before, is not affected.
    assert.equal((await login(app, email, "192.0.2.50", GOOD_PASSWORD)).status, 200);
  } finally {
    await services.close();
  }
});

Deno.test("correct sign-ins never count against the account's limits", async () => {
  const services = await openTestServices();
  services.config.trustProxy = true;
  try {
    const app = createApp(services, { rateLimits: { windowMs: 60_000, auth: 3 } });
    const email = await signUp(app, "198.51.100.1");
    // Distinct addresses (the per-IP limit counts every request), one /64 (one network).
    const statuses = [];
    for (let i = 1; i <= 6; i++) {
      statuses.push((await login(app, email, `2001:db8:c:1::${i}`, GOOD_PASSWORD)).status);
    }
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 200]);
    // Two failures, then the right password, then two more failures: still under 3 failures.
    assert.equal((await login(app, email, "2001:db8:c:1::a")).status, 401);
    assert.equal((await login(app, email, "2001:db8:c:1::b")).status, 401);
    assert.equal((await login(app, email, "2001:db8:c:1::c", GOOD_PASSWORD)).status, 200);
    assert.equal((await login(app, email, "2001:db8:c:1::e")).status, 401);
    assert.equal((await login(app, email, "2001:db8:c:1::f")).status, 429, "third failure");
  } finally {
    await services.close();
  }
});
