/**
 * Links that do not work (expired, reused, tampered) say why in a sentence
 * and offer a new one; every mail-sending endpoint is limited per address and
 * per network; banned users cannot use the signed-in ones.
 */
import assert from "node:assert/strict";
import { setUserBan } from "../lib/moderation/users.ts";
import { signUpAndIn } from "./_harness/accounts.ts";
import { GOOD_PASSWORD, type TestClient, testEmail } from "./_harness/client.ts";
import { openMailApp } from "./_harness/mail_app.ts";

/** Who bans in these tests (the audit log records an actor). */
const ADMIN = { id: crypto.randomUUID(), name: "Test admin" };
import { linkIn } from "./_harness/smtp.ts";

const pathOf = (link: string) => new URL(link).pathname + new URL(link).search;
const tamper = (path: string) =>
  path.replace(/token=(.)/, (_m, c) => `token=${c === "A" ? "B" : "A"}`);

async function expectBadLink(
  client: TestClient,
  path: string,
  expected: { sentence: RegExp; again: string },
) {
  const r = await client.request(path);
  assert.equal(r.status, 400, path);
  const html = await r.text();
  assert.match(html, expected.sentence);
  assert.match(html, /Ask for a new one\./);
  assert.match(html, new RegExp(`href="${expected.again}"`), "a way to get a new link");
}

Deno.test("expired, reused and tampered links each say so and offer a new one", async () => {
  const m = await openMailApp();
  try {
    const sql = m.services.db.sql;
    const email = testEmail("links");
    const client = m.client();
    await signUpAndIn(client, { json: { email, password: GOOD_PASSWORD, displayName: "Lin" } });
    const verify = pathOf(
      linkIn(await m.inbox.waitFor((x) => /Confirm your email/.test(x.subject)), "/verify"),
    );
    await m.client().request("/api/v1/auth/password/forgot", { json: { email } });
    const reset = pathOf(linkIn(await m.inbox.waitFor((x) => /Reset/.test(x.subject)), "/reset"));

    const invalid = { sentence: /This link is not valid: it may have been cut short or changed\./ };
    await expectBadLink(client, tamper(verify), { ...invalid, again: "/settings/email" });
    await expectBadLink(client, tamper(reset), { ...invalid, again: "/forgot" });
    await expectBadLink(client, "/reset?token=short", { ...invalid, again: "/forgot" });
    await expectBadLink(client, "/verify", { ...invalid, again: "/settings/email" });

    await sql`update account_tokens set expires_at = now() - interval '1 second'`;
    const expired = { sentence: /This link has expired\./ };
    await expectBadLink(client, verify, { ...expired, again: "/settings/email" });
    await expectBadLink(client, reset, { ...expired, again: "/forgot" });
    const token = new URL(reset, "http://x").searchParams.get("token")!;
    const post = await client.request("/reset", {
      form: { token, newPassword: "fine new passphrase" },
    });
    assert.equal(post.status, 400);
    assert.match(await post.text(), /This link has expired\./);
    const api = await client.request("/api/v1/auth/verify", {
      json: { token: new URL(verify, "http://x").searchParams.get("token") },
    });
    assert.equal(api.status, 400);
    assert.equal((await api.json()).error.details.problem, "expired");

    await client.request("/verify/resend", { form: {} });
    const fresh = pathOf(linkIn(
      await m.inbox.waitFor((x) =>
        /Confirm your email/.test(x.subject) && !x.text.includes(verify)
      ),
      "/verify",
    ));
    assert.equal((await client.request(fresh)).status, 200, "a new link works");
    await expectBadLink(client, fresh, {
      sentence: /This link has already been used\./,
      again: "/settings/email",
    });
  } finally {
    await m.close();
  }
});

Deno.test("mail-sending endpoints answer 429 per address and per network", async () => {
  const m = await openMailApp({ env: { RATE_LIMIT_MAIL: "2" } });
  try {
    const forgot = (email: string) =>
      m.client().request("/api/v1/auth/password/forgot", { json: { email } });
    const one = testEmail("flood");
    assert.equal((await forgot(one)).status, 202);
    assert.equal((await forgot(one.toUpperCase())).status, 202);
    const limited = await forgot(one);
    assert.equal(limited.status, 429, "per address");
    assert.ok(Number(limited.headers.get("retry-after")) > 0);
    assert.match((await limited.json()).error.message, /Too many messages/);

    // Per network: 4 × the per-address limit, whatever the addresses.
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await forgot(testEmail(`spray${i}`))).status);
    assert.deepEqual(statuses, [202, 202, 202, 202, 202, 429]);

    const signupPage = await m.client().request("/signup", {
      form: { email: testEmail("late"), password: GOOD_PASSWORD, displayName: "L" },
    });
    assert.equal(signupPage.status, 429, "sign-up mails too, so it is limited too");
  } finally {
    await m.close();
  }
});

Deno.test("resend and email change are limited per address; banned users cannot use them", async () => {
  const m = await openMailApp({ env: { RATE_LIMIT_MAIL: "2" } });
  try {
    const email = testEmail("resend");
    const client = m.client();
    await signUpAndIn(client, { json: { email, password: GOOD_PASSWORD, displayName: "R" } });
    // Sign-up counted one mail to this address.
    assert.equal(
      (await client.request("/api/v1/auth/verify/resend", { method: "POST" })).status,
      202,
    );
    assert.equal(
      (await client.request("/api/v1/auth/verify/resend", { method: "POST" })).status,
      429,
    );

    const target = testEmail("target");
    const change = () =>
      client.request("/api/v1/users/me/email", {
        json: { newEmail: target, currentPassword: GOOD_PASSWORD },
      });
    assert.equal((await change()).status, 202);
    assert.equal((await change()).status, 202);
    assert.equal((await change()).status, 429);

    const [user] = await m.services.db.sql`select id from users where email = ${email}`;
    await setUserBan(m.services.db.sql, user.id, { ban: { reason: "spam" }, actor: ADMIN });
    assert.equal(
      (await client.request("/api/v1/auth/verify/resend", { method: "POST" })).status,
      401,
    );
    assert.equal((await change()).status, 401);
  } finally {
    await m.close();
  }
});

Deno.test("a banned account gets the same answer from forgot-password, but no link", async () => {
  const m = await openMailApp();
  try {
    const banned = testEmail("banned");
    const other = testEmail("fine");
    for (const email of [banned, other]) {
      await signUpAndIn(m.client(), { json: { email, password: GOOD_PASSWORD, displayName: "B" } });
    }
    const [user] = await m.services.db.sql`select id from users where email = ${banned}`;
    await setUserBan(m.services.db.sql, user.id, { ban: { reason: "spam" }, actor: ADMIN });
    const forgot = (email: string) =>
      m.client().request("/api/v1/auth/password/forgot", { json: { email } });
    const [a, b] = [await forgot(banned), await forgot(other)];
    assert.equal(a.status, 202);
    assert.deepEqual(await a.json(), await b.json());
    // The other account's mail was queued after the banned one's would have been.
    await m.inbox.waitFor((x) => x.envelope.to.includes(other) && /Reset/.test(x.subject));
    assert.ok(
      !m.inbox.received.some((x) => x.envelope.to.includes(banned) && /Reset/.test(x.subject)),
    );
  } finally {
    await m.close();
  }
});
