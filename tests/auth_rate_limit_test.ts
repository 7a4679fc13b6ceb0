/** Rate limits answer 429 with Retry-After, recover, and are shared through KV. */
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import { GOOD_PASSWORD, TestClient, testEmail } from "./_harness/client.ts";
import { openTestServices } from "./_harness/services.ts";
import { signUpAndIn } from "./_harness/accounts.ts";

function login(app: ReturnType<typeof createApp>, email: string, ip: string) {
  return app.request("/api/v1/auth/login", {
    method: "POST",
    headers: { "x-forwarded-for": ip },
    body: JSON.stringify({ email, password: "wrong password here" }),
  });
}

Deno.test("login is limited per IP: 429 with Retry-After, then allowed again", async () => {
  const services = await openTestServices();
  services.config.trustProxy = true;
  try {
    const app = createApp(services, { rateLimits: { windowMs: 1000, auth: 3 } });
    for (let i = 0; i < 3; i++) {
      assert.equal((await login(app, testEmail(), "203.0.113.7")).status, 401);
    }
    const limited = await login(app, testEmail(), "203.0.113.7");
    assert.equal(limited.status, 429);
    assert.equal((await limited.json()).error.code, "rate_limited");
    const retryAfter = Number(limited.headers.get("retry-after"));
    assert.ok(retryAfter >= 1, `Retry-After: ${retryAfter}`);
    assert.equal(
      (await login(app, testEmail(), "198.51.100.1")).status,
      401,
      "other IPs unaffected",
    );
    await new Promise((r) => setTimeout(r, retryAfter * 1000));
    assert.equal((await login(app, testEmail(), "203.0.113.7")).status, 401, "recovered");
  } finally {
    await services.close();
  }
});

Deno.test("failed logins are limited per account across IPs, and instances sharing KV share the count", async () => {
  const services = await openTestServices();
  services.config.trustProxy = true;
  try {
    // Per account: 5 × the per-(account, network) limit of 3 = 15 failures.
    const options = { rateLimits: { windowMs: 60_000, auth: 3 } };
    const web1 = createApp(services, options);
    const web2 = createApp(services, options); // a second web instance on the same KV
    const email = testEmail("target");
    for (let i = 0; i < 15; i++) {
      const web = i % 2 ? web2 : web1;
      const address = `192.0.2.${i + 1}`;
      const r = await login(web, i % 3 ? email : email.toUpperCase(), address);
      assert.equal(r.status, 401, `attempt ${i + 1}`);
    }
    // Spent: a new network gets its one try (on either instance), then waits.
    assert.equal((await login(web1, email, "192.0.2.100")).status, 401);
    const limited = await login(web2, email, "192.0.2.100");
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get("retry-after")) > 0);
    assert.equal(
      (await login(web2, testEmail(), "192.0.2.101")).status,
      401,
      "other accounts fine",
    );
  } finally {
    await services.close();
  }
});

Deno.test("the API is limited per user and per IP", async () => {
  const services = await openTestServices();
  services.config.trustProxy = true;
  try {
    const app = createApp(services, { rateLimits: { windowMs: 1000, apiUser: 4, apiIp: 6 } });
    const client = new TestClient(app);
    const fromClient = { headers: { "x-forwarded-for": "10.0.0.1" } };
    await signUpAndIn(client, {
      json: { email: testEmail(), password: GOOD_PASSWORD, displayName: "Busy" },
      ...fromClient,
    });
    const mine = [];
    for (let i = 0; i < 5; i++) {
      mine.push((await client.request("/api/v1/auth/me", fromClient)).status);
    }
    assert.deepEqual(mine, [200, 200, 200, 200, 429], "per user");

    const anonymous = [];
    for (let i = 0; i < 7; i++) {
      const r = await app.request(`/api/v1/users/${crypto.randomUUID()}`, {
        headers: { "x-forwarded-for": "198.51.100.9" },
      });
      anonymous.push(r.status);
      if (r.status === 429) {
        await new Promise((ok) => setTimeout(ok, Number(r.headers.get("retry-after")) * 1000));
      }
    }
    assert.deepEqual(anonymous, [404, 404, 404, 404, 404, 404, 429], "per IP");
    // Both windows have passed by now.
    assert.equal((await client.request("/api/v1/auth/me", fromClient)).status, 200, "recovered");
  } finally {
    await services.close();
  }
});
