/**
 * Account mail end to end: the worker sends through nodemailer to a real SMTP
 * server on loopback, and the tests follow the links in what arrives.
 */
import assert from "node:assert/strict";
import { signUpAndIn } from "./_harness/accounts.ts";
import { GOOD_PASSWORD, testEmail } from "./_harness/client.ts";
import { openMailApp } from "./_harness/mail_app.ts";
import { linkIn } from "./_harness/smtp.ts";

const upload = { filename: "clip.mp4", size: 1000, mimeType: "video/mp4", title: "Clip" };
const pathOf = (link: string) => {
  const u = new URL(link);
  return u.pathname + u.search;
};

Deno.test("sign-up → mail → verify: uploads and comments are refused with a clear 403 until the address is confirmed", async () => {
  const m = await openMailApp();
  try {
    const client = m.client();
    const email = testEmail("verify");
    const r = await signUpAndIn(client, {
      json: { email, password: GOOD_PASSWORD, displayName: "Vera <b>" },
    });
    assert.equal(r.status, 200, "an unverified account can sign in");
    assert.equal((await client.request("/")).status, 200, "and watch");

    const mail = await m.inbox.waitFor((x) => x.envelope.to.includes(email));
    assert.equal(mail.subject, "Confirm your email address · VideoFlow");
    assert.match(mail.headers.from, /no-reply@videoflow\.test/);
    const link = linkIn(mail, "/verify");
    assert.ok(link.startsWith("https://videos.example.test/verify?token="), link);
    assert.ok(mail.html.includes(link), "the HTML version carries the same link");
    assert.match(mail.html, /Vera &lt;b&gt;/, "names are escaped in HTML");
    assert.match(mail.text, /Vera <b>/);
    const token = new URL(link).searchParams.get("token")!;
    const [stored] = await m.services.db.sql`select token_hash from account_tokens`;
    assert.notEqual(stored.token_hash, token, "only a hash of the token is stored");
    const jobs = await m.services.db.sql`select payload::text as p from jobs
      where kind = 'account_mail'`;
    assert.ok(jobs.every((j) => !j.p.includes(token)), "the job payload holds no token");

    const refused = await client.request("/api/v1/uploads", { json: upload });
    assert.equal(refused.status, 403);
    const body = await refused.json();
    assert.equal(body.error.code, "forbidden");
    assert.match(body.error.message, /^Confirm your email address before you upload videos/);

    // Comments wait for the address too, through the API and the page's form.
    const [someone] = await m.services.db.sql`insert into users (email, password_hash,
      display_name) values (${testEmail("owner")}, 'x', 'Owner') returning id`;
    const [video] = await m.services.db.sql`insert into videos (owner_id, title, status,
      visibility, playable_at) values (${someone.id}, 'Sea', 'ready', 'public', now()) returning id`;
    const comment = () =>
      client.request(`/api/v1/videos/${video.id}/comments`, { json: { body: "Hello" } });
    const noComment = await comment();
    assert.equal(noComment.status, 403);
    assert.match(
      (await noComment.json()).error.message,
      /^Confirm your email address before you comment/,
    );
    const noForm = await client.request(`/v/${video.id}/comments`, { form: { body: "Hi" } });
    assert.equal(noForm.status, 403);
    const settings = await (await client.request("/settings/email")).text();
    assert.match(settings, /not confirmed yet/);

    const verified = await client.request(pathOf(link));
    assert.equal(verified.status, 200);
    assert.match(await verified.text(), /your email address is confirmed/);
    assert.equal((await client.request("/api/v1/uploads", { json: upload })).status, 201);
    assert.equal((await comment()).status, 201);

    const again = await client.request(pathOf(link));
    assert.equal(again.status, 400);
    assert.match(await again.text(), /This link has already been used\. Ask for a new one\./);
  } finally {
    await m.close();
  }
});

Deno.test("sign-up with a taken address answers exactly like a new one and mails the owner", async () => {
  const m = await openMailApp();
  try {
    const email = testEmail("taken");
    const fresh = await m.client().request("/api/v1/auth/signup", {
      json: { email, password: GOOD_PASSWORD, displayName: "Owner" },
    });
    await m.inbox.waitFor((x) => x.envelope.to.includes(email) && /Confirm/.test(x.subject));
    const intruder = m.client();
    const taken = await intruder.request("/api/v1/auth/signup", {
      json: { email: email.toUpperCase(), password: "another long passphrase", displayName: "X" },
    });
    assert.equal(taken.status, fresh.status);
    assert.equal(taken.status, 202);
    assert.deepEqual(await taken.json(), await fresh.json());
    assert.deepEqual(
      [...taken.headers.keys()].filter((k) => k !== "x-request-id" && k !== "date").sort(),
      [...fresh.headers.keys()].filter((k) => k !== "x-request-id" && k !== "date").sort(),
    );
    assert.ok(!intruder.cookies.has("vf_at") && !intruder.cookies.has("__Host-vf_at"));
    const notice = await m.inbox.waitFor((x) =>
      x.envelope.to.includes(email) && /tried to sign up/.test(x.subject)
    );
    assert.match(notice.text, /No new account was created/);
    assert.ok(linkIn(notice, "/forgot").startsWith("https://videos.example.test/"));
    const [{ n }] = await m.services.db.sql`select count(*)::int as n from users
      where lower(email) = ${email}`;
    assert.equal(n, 1);
    const owner = await m.client().request("/api/v1/auth/login", {
      json: { email, password: GOOD_PASSWORD },
    });
    assert.equal(owner.status, 200, "the owner's password is untouched");

    // The form says the same in both cases too.
    const page = (address: string) =>
      m.client().request("/signup", {
        form: { email: address, password: "a third long passphrase", displayName: "Y" },
      });
    const [a, b] = [await page(testEmail("new")), await page(email)];
    assert.equal(a.status, 303);
    assert.equal(b.status, a.status);
    assert.equal(b.headers.get("location"), a.headers.get("location"));
  } finally {
    await m.close();
  }
});

Deno.test("password reset: same answer for any address, a 30-minute link, every session ends", async () => {
  const m = await openMailApp();
  try {
    const email = testEmail("reset");
    const phone = m.client();
    await signUpAndIn(phone, { json: { email, password: GOOD_PASSWORD, displayName: "Rita" } });
    const api = await (await m.client().request("/api/v1/auth/login", {
      json: { email, password: GOOD_PASSWORD, session: "token" },
    })).json();
    assert.equal((await phone.request("/api/v1/auth/me")).status, 200);

    const ask = (address: string) =>
      m.client().request("/api/v1/auth/password/forgot", { json: { email: address } });
    const [known, unknown] = [await ask(email), await ask(testEmail("nobody"))];
    assert.equal(known.status, 202);
    assert.equal(unknown.status, 202);
    assert.deepEqual(await known.json(), await unknown.json());

    const mail = await m.inbox.waitFor((x) =>
      x.envelope.to.includes(email) && /Reset/.test(x.subject)
    );
    assert.match(mail.text, /for 30 minutes/);
    const link = linkIn(mail, "/reset");
    const visitor = m.client();
    const form = await visitor.request(pathOf(link));
    assert.equal(form.status, 200);
    assert.match(await form.text(), /name="newPassword"/);
    const token = new URL(link).searchParams.get("token")!;

    const weak = await visitor.request("/reset", { form: { token, newPassword: "short" } });
    assert.equal(weak.status, 400, "the sign-up password rules apply");
    assert.match(await weak.text(), /at least 10 characters/);

    const done = await visitor.request("/reset", {
      form: { token, newPassword: "a brand new passphrase" },
    });
    assert.equal(done.status, 303);
    assert.equal(done.headers.get("location"), "/signin?reset=1");
    assert.equal((await phone.request("/api/v1/auth/me")).status, 401, "the cookie session ended");
    const bearer = await m.client().request("/api/v1/auth/me", {
      headers: { authorization: `Bearer ${api.accessToken}` },
    });
    assert.equal(bearer.status, 401, "the token session ended");
    const refresh = await m.client().request("/api/v1/auth/refresh", {
      json: { refreshToken: api.refreshToken },
    });
    assert.equal(refresh.status, 401, "refresh tokens were revoked");
    const old = await m.client().request("/api/v1/auth/login", {
      json: { email, password: GOOD_PASSWORD },
    });
    assert.equal(old.status, 401);
    const fresh = await m.client().request("/api/v1/auth/login", {
      json: { email, password: "a brand new passphrase" },
    });
    assert.equal(fresh.status, 200);

    const reused = await m.client().request("/api/v1/auth/password/reset", {
      json: { token, newPassword: "yet another passphrase" },
    });
    assert.equal(reused.status, 400);
    const err = (await reused.json()).error;
    assert.equal(err.details.problem, "used");
    assert.equal(err.message, "This link has already been used. Ask for a new one.");
  } finally {
    await m.close();
  }
});

Deno.test("email change: a link to the new address, a notice to the old, sign-in moves over", async () => {
  const m = await openMailApp();
  try {
    const email = testEmail("old");
    const next = testEmail("new");
    const client = m.client();
    await signUpAndIn(client, { json: { email, password: GOOD_PASSWORD, displayName: "Eve" } });

    const wrong = await client.request("/settings/email", {
      form: { newEmail: next, currentPassword: "not my password at all" },
    });
    assert.equal(wrong.status, 400);
    assert.match(await wrong.text(), /This is not your current password/);

    const asked = await client.request("/settings/email", {
      form: { newEmail: next, currentPassword: GOOD_PASSWORD },
    });
    assert.equal(asked.status, 303);
    const page = await (await client.request(asked.headers.get("location")!)).text();
    assert.match(page, /We have sent a link to the new address/);
    const mail = await m.inbox.waitFor((x) => x.envelope.to.includes(next));
    assert.equal(mail.subject, "Confirm your new email address · VideoFlow");
    const confirmed = await client.request(pathOf(linkIn(mail, "/email/confirm")));
    assert.equal(confirmed.status, 200);
    assert.match(await confirmed.text(), new RegExp(`now uses ${next.replace(".", "\\.")}`));

    const notice = await m.inbox.waitFor((x) =>
      x.envelope.to.includes(email) && /was changed/.test(x.subject)
    );
    assert.ok(notice.text.includes(next));
    const login = (address: string) =>
      m.client().request("/api/v1/auth/login", {
        json: { email: address, password: GOOD_PASSWORD },
      });
    assert.equal((await login(next)).status, 200);
    assert.equal((await login(email)).status, 401);

    // A taken address: the same answer, and its owner hears of it instead.
    const other = testEmail("other");
    await signUpAndIn(m.client(), {
      json: { email: other, password: GOOD_PASSWORD, displayName: "O" },
    });
    const taken = await client.request("/api/v1/users/me/email", {
      json: { newEmail: other, currentPassword: GOOD_PASSWORD },
    });
    const free = await client.request("/api/v1/users/me/email", {
      json: { newEmail: testEmail("free"), currentPassword: GOOD_PASSWORD },
    });
    assert.equal(taken.status, 202);
    assert.deepEqual(await taken.json(), await free.json());
    await m.inbox.waitFor((x) => x.envelope.to.includes(other) && /tried/.test(x.subject));
  } finally {
    await m.close();
  }
});

Deno.test("a refused send is retried by the queue until the mail gets through", async () => {
  const m = await openMailApp();
  try {
    m.inbox.refuseNext(2);
    const email = testEmail("retry");
    await m.client().request("/api/v1/auth/signup", {
      json: { email, password: GOOD_PASSWORD, displayName: "Ray" },
    });
    const mail = await m.inbox.waitFor((x) => x.envelope.to.includes(email));
    assert.match(mail.subject, /Confirm/);
    const [job] = await m.services.db.sql`select attempts from jobs where kind = 'account_mail'`;
    assert.equal(job.attempts, 3);
  } finally {
    await m.close();
  }
});
