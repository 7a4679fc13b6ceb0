/**
 * Account administration through app.request(): the role matrix of the new
 * routes, bans with a length (lifted at sign-in and by the sweep), warnings
 * (page and reports), quotas (per user and instance defaults), created
 * accounts and their set-password mail, the two-factor reset, blocked words,
 * bad input (400/404/409, never 500) and the audit entries.
 */
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import type { Sql } from "../lib/db/mod.ts";
import { liftExpiredBans } from "../lib/auth/ban_expiry.ts";
import { GOOD_PASSWORD, TestClient, testEmail } from "./_harness/client.ts";
import { openMailApp } from "./_harness/mail_app.ts";
import { account, roleCallers } from "./_harness/moderation.ts";
import { openTestServices } from "./_harness/services.ts";
import { linkIn } from "./_harness/smtp.ts";

const LIMITS = { rateLimits: { auth: 10_000, apiUser: 10_000, apiIp: 100_000 } };
const NOBODY = crypto.randomUUID();
const GiB = 1024 ** 3;

/** The new admin routes (admins only) and one moderators may use (the reports' warn). */
const ROUTES: { method: string; path: string; form?: Record<string, string> }[] = [
  { method: "GET", path: `/admin/users/${NOBODY}` },
  { method: "POST", path: "/admin/users", form: { email: "bad" } },
  { method: "POST", path: `/admin/users/${NOBODY}/warn`, form: { reason: "x" } },
  {
    method: "POST",
    path: `/admin/users/${NOBODY}/quota`,
    form: { videoQuota: "1 GiB", videoQuotaDaily: "" },
  },
  { method: "POST", path: `/admin/users/${NOBODY}/two-factor-reset`, form: {} },
  { method: "POST", path: "/admin/settings/quotas", form: { videoQuota: "x" } },
  { method: "POST", path: "/admin/settings/blocked-words", form: { words: "" } },
  { method: "POST", path: "/admin/settings/blocked-words/remove", form: { word: "x" } },
];

async function audited(sql: Sql, action: string, target: string) {
  const [entry] = await sql`select * from audit_log where action = ${action}
    and target_id = ${target} order by id desc limit 1`;
  assert.ok(entry, `${action} recorded`);
  assert.ok(entry.ip, `${action}: address`);
  assert.match(entry.request_id, /^[\w.-]{8,}$/, `${action}: request id`);
  return entry;
}

const signIn = (app: ReturnType<typeof createApp>, email: string, password = GOOD_PASSWORD) =>
  new TestClient(app).request("/api/v1/auth/login", { json: { email, password }, csrf: false });

/** A test's services, app, an admin and a creator; the services are closed afterwards. */
async function withAdminAndUser(
  fn: (t: {
    s: Awaited<ReturnType<typeof openTestServices>>;
    sql: Sql;
    app: ReturnType<typeof createApp>;
    admin: Awaited<ReturnType<typeof account>>;
    user: Awaited<ReturnType<typeof account>>;
  }) => Promise<void>,
): Promise<void> {
  const s = await openTestServices();
  const sql = s.db.sql;
  try {
    const app = createApp(s, LIMITS);
    const admin = await account(app, sql, "admin");
    const user = await account(app, sql, "creator");
    await fn({ s, sql, app, admin, user });
  } finally {
    await s.close();
  }
}

Deno.test("role matrix: account administration is for admins only (moderators get 403)", async () => {
  const s = await openTestServices();
  const sql = s.db.sql;
  try {
    const app = createApp(s, LIMITS);
    const callers = await roleCallers(app, sql);
    const failures: string[] = [];
    for (const r of ROUTES) {
      for (const [who, client] of Object.entries(callers)) {
        const res = await client.request(r.path, { method: r.method, form: r.form });
        await res.body?.cancel();
        const expected = who === "anonymous"
          ? [r.method === "GET" ? 303 : 401]
          : who === "admin"
          ? [400, 404]
          : [403];
        if (!expected.includes(res.status)) {
          failures.push(`${who} ${r.method} ${r.path}: ${res.status}`);
        }
      }
    }
    assert.deepEqual(failures, []);
  } finally {
    await s.close();
  }
});

Deno.test("bans with a length: shown with their end, refused at sign-in, lifted after it", async (t) => {
  await withAdminAndUser(async ({ sql, app, admin, user }) => {
    const [{ email }] = await sql`select email from users where id = ${user.id}`;
    const c = admin.client;
    await t.step("bad input: 400 or 404, never 500", async () => {
      for (
        const [path, form, status] of [
          [`/admin/users/${user.id}/ban`, { reason: "", days: "7" }, 400],
          [`/admin/users/${user.id}/ban`, { reason: "x", days: "soon" }, 400],
          [`/admin/users/${user.id}/ban`, { reason: "x", days: "0" }, 400],
          [`/admin/users/${user.id}/ban`, { reason: "x", days: "9999" }, 400],
          [`/admin/users/${NOBODY}/ban`, { reason: "x", days: "7" }, 404],
          ["/admin/users/not-an-id/ban", { reason: "x", days: "7" }, 404],
        ] as const
      ) {
        const r = await c.request(path, { form });
        assert.equal(r.status, status, `${path} ${JSON.stringify(form)}: ${await r.text()}`);
      }
      const api = (json: unknown) =>
        c.request(`/api/v1/users/${user.id}/ban`, { method: "PUT", json });
      assert.equal((await api({ reason: "x", until: "2001-01-01T00:00:00Z" })).status, 400);
      assert.equal((await api({ reason: "x", until: "next week" })).status, 400);
      assert.equal((await api({ reason: "x", until: "2026-01-01T00:00:00" })).status, 400);
    });
    await t.step("a 7-day ban: the users pages say until when; sign-in is refused", async () => {
      const r = await c.request(`/admin/users/${user.id}/ban`, {
        form: { reason: "Spam links", days: "7" },
      });
      assert.equal(r.status, 303);
      assert.equal(r.headers.get("location"), `/admin/users/${user.id}?done=banned`);
      const [row] = await sql`select ban_expires_at from users where id = ${user.id}`;
      const days = (row.ban_expires_at.getTime() - Date.now()) / 86_400_000;
      assert.ok(days > 6.99 && days <= 7, String(days));
      const until = row.ban_expires_at.toISOString().slice(0, 16).replace("T", " ");
      const manage = await (await c.request(`/admin/users/${user.id}?done=banned`)).text();
      assert.match(manage, new RegExp(`Banned until ${until} UTC: Spam links`));
      const list = await (await c.request("/admin/users?banned=yes")).text();
      assert.match(list, new RegExp(`Banned until ${until} UTC`));
      const entry = await audited(sql, "user.ban", user.id);
      assert.equal(entry.details.reason, "Spam links");
      assert.equal(new Date(entry.details.until).getTime(), row.ban_expires_at.getTime());
      assert.equal((await signIn(app, email)).status, 403);
      // Not yet over: the sweep leaves it.
      assert.deepEqual(await liftExpiredBans(sql), []);
    });
    await t.step("past its end, signing in lifts the ban (audited as the system's)", async () => {
      await sql`update users set ban_expires_at = now() - interval '1 minute'
        where id = ${user.id}`;
      const r = await signIn(app, email);
      assert.equal(r.status, 200, await r.clone().text());
      const [row] = await sql`select banned_at, ban_reason, ban_expires_at from users
        where id = ${user.id}`;
      assert.deepEqual(row, { banned_at: null, ban_reason: null, ban_expires_at: null });
      const [entry] = await sql`select * from audit_log where action = 'user.unban'
        and target_id = ${user.id}`;
      assert.equal(entry.actor_id, null);
      assert.equal(entry.actor_name, "ban expiry");
    });
    await t.step("the sweep lifts expired bans of users who stay away; others stay", async () => {
      const other = await account(app, sql, "viewer");
      const forever = await account(app, sql, "viewer");
      const ban = (id: string, until?: string) =>
        c.request(`/api/v1/users/${id}/ban`, { method: "PUT", json: { reason: "x", until } });
      const soon = new Date(Date.now() + 3_600_000).toISOString();
      assert.equal((await ban(other.id, soon)).status, 204);
      assert.equal((await ban(forever.id)).status, 204);
      await sql`update users set ban_expires_at = now() - interval '1 second'
        where id = ${other.id}`;
      assert.deepEqual(await liftExpiredBans(sql), [other.id]);
      const rows = await sql`select id from users where banned_at is not null`;
      assert.deepEqual(rows.map((r) => r.id), [forever.id]);
      const unban = await c.request(`/admin/users/${forever.id}/unban`, { form: {} });
      assert.equal(unban.status, 303);
      assert.equal(unban.headers.get("location"), `/admin/users/${forever.id}?done=unbanned`);
    });
    await t.step("guard rails: an admin neither bans nor demotes themselves", async () => {
      const ban = await c.request(`/admin/users/${admin.id}/ban`, { form: { reason: "x" } });
      assert.equal(ban.status, 403);
      const demote = await c.request(`/admin/users/${admin.id}/role`, { form: { role: "viewer" } });
      assert.equal(demote.status, 403);
      // Approving a video that is not in review: 409.
      const [video] = await sql`insert into videos (owner_id, title, status)
        values (${user.id}, 'Ready one', 'ready') returning id`;
      const approve = await c.request(`/api/v1/admin/videos/${video.id}/approve`, {
        method: "POST",
      });
      assert.equal(approve.status, 409, await approve.clone().text());
      const page = await c.request(`/admin/review/${video.id}/approve`, { form: {} });
      assert.equal(page.status, 409);
    });
  });
});

Deno.test("warnings: from the users page and the reports page; the user is notified and sees them", async () => {
  const s = await openTestServices();
  const sql = s.db.sql;
  try {
    const app = createApp(s, LIMITS);
    const admin = await account(app, sql, "admin");
    const moderator = await account(app, sql, "moderator");
    const user = await account(app, sql, "creator");
    const c = admin.client;
    assert.equal((await c.request(`/admin/users/${user.id}/warn`, { form: {} })).status, 400);
    assert.equal(
      (await c.request(`/admin/users/${user.id}/warn`, { form: { reason: "x".repeat(501) } }))
        .status,
      400,
    );
    assert.equal(
      (await c.request(`/admin/users/${NOBODY}/warn`, { form: { reason: "x" } })).status,
      404,
    );
    const r = await c.request(`/admin/users/${user.id}/warn`, {
      form: { reason: "Please stop reposting others' videos." },
    });
    assert.equal(r.status, 303);
    assert.equal(r.headers.get("location"), `/admin/users/${user.id}?done=warned`);
    await audited(sql, "user.warn", user.id);
    // A moderator warns through the reports page (a default sentence).
    const reporter = await account(app, sql, "viewer");
    const filed = await reporter.client.request("/api/v1/reports", {
      json: { targetKind: "user", targetId: user.id, reason: "spam" },
    });
    assert.ok(filed.ok, await filed.text());
    const act = await moderator.client.request("/admin/reports/act", {
      form: { targetKind: "user", targetId: user.id, action: "warn" },
    });
    assert.equal(act.status, 303);
    const [open] = await sql`select count(*)::int as n from reports where resolved_at is null`;
    assert.equal(open.n, 0, "the reports are closed");
    const notices = await sql`select data->>'reason' as reason, email from notifications
      where user_id = ${user.id} and kind = 'account_warning' order by id`;
    assert.deepEqual(notices.map((n) => n.reason), [
      "Please stop reposting others' videos.",
      "Your account was reported, and a moderator agreed that it breaks the rules.",
    ]);
    assert.ok(notices.every((n) => n.email), "warnings go by mail too");
    const settings = await (await user.client.request("/settings")).text();
    assert.match(settings, /Warnings from moderators/);
    assert.match(settings, /Please stop reposting others/);
    const list = await (await c.request("/admin/users")).text();
    assert.match(list, /2 warnings/);
    const bell = await (await user.client.request("/notifications")).text();
    assert.match(bell, /A moderator warned you: Please stop reposting/);
  } finally {
    await s.close();
  }
});

Deno.test("quotas: a user's own on the users page, the defaults on the settings page; audited", async () => {
  await withAdminAndUser(async ({ s, sql, admin, user }) => {
    const c = admin.client;
    const mine = async () =>
      (await (await user.client.request("/api/v1/users/me/quota")).json()).quota;
    const configured = await mine();
    assert.equal(configured.videoQuota, s.config.quotas.videoQuota);
    for (const bad of ["lots", "1 PB", "-2", "1e9", "5.1234 GiB"]) {
      const r = await c.request(`/admin/users/${user.id}/quota`, {
        form: { videoQuota: bad, videoQuotaDaily: "" },
      });
      assert.equal(r.status, 400, bad);
      const d = await c.request("/admin/settings/quotas", {
        form: { videoQuota: bad, videoQuotaDaily: "" },
      });
      assert.equal(d.status, 400, bad);
    }
    assert.equal(
      (await c.request(`/admin/users/${NOBODY}/quota`, {
        form: { videoQuota: "1 GiB", videoQuotaDaily: "" },
      })).status,
      404,
    );
    // Instance defaults first: every account without its own follows them.
    const d = await c.request("/admin/settings/quotas", {
      form: { videoQuota: "3 GiB", videoQuotaDaily: "500 MB" },
    });
    assert.equal(d.status, 303);
    assert.equal((await mine()).videoQuota, 3 * GiB);
    assert.equal((await mine()).videoQuotaDaily, 500_000_000);
    const settings = await (await c.request("/admin/settings")).text();
    assert.match(settings, /value="3 GiB"/);
    const [def] = await sql`select details from audit_log where action = 'settings.quotas'`;
    assert.deepEqual(def.details, {
      before: { videoQuota: null, videoQuotaDaily: null },
      after: { videoQuota: 3 * GiB, videoQuotaDaily: 500_000_000 },
    });
    // The user's own override wins; "unlimited" is -1.
    const r = await c.request(`/admin/users/${user.id}/quota`, {
      form: { videoQuota: "1.5 GiB", videoQuotaDaily: "unlimited" },
    });
    assert.equal(r.status, 303);
    assert.deepEqual([(await mine()).videoQuota, (await mine()).videoQuotaDaily], [
      1.5 * GiB,
      -1,
    ]);
    const entry = await audited(sql, "user.quota", user.id);
    assert.deepEqual(entry.details.after, { videoQuota: 1.5 * GiB, videoQuotaDaily: -1 });
    const manage = await (await c.request(`/admin/users/${user.id}`)).text();
    assert.match(manage, /value="1.5 GiB"/);
    assert.match(manage, /value="unlimited"/);
    // An upload past the override is refused with the override's figure (413).
    const big = await user.client.request("/api/v1/uploads", {
      json: { filename: "a.mp4", size: 2 * GiB, mimeType: "video/mp4", title: "Big" },
    });
    assert.equal(big.status, 413, await big.clone().text());
    assert.equal((await big.json()).error.details.limit, 1.5 * GiB);
    // Empty fields go back to the defaults, then to the configuration.
    await c.request(`/admin/users/${user.id}/quota`, {
      form: { videoQuota: "", videoQuotaDaily: "" },
    });
    assert.equal((await mine()).videoQuota, 3 * GiB);
    await c.request("/admin/settings/quotas", { form: { videoQuota: "", videoQuotaDaily: "" } });
    assert.equal((await mine()).videoQuota, configured.videoQuota);
  });
});

Deno.test("blocked words on the settings page: add, list, remove; bad input; audited", async () => {
  const s = await openTestServices();
  const sql = s.db.sql;
  try {
    const app = createApp(s, LIMITS);
    const admin = await account(app, sql, "admin");
    const c = admin.client;
    const add = (words: string) => c.request("/admin/settings/blocked-words", { form: { words } });
    assert.equal((await add("")).status, 400);
    assert.equal((await add(" , \n ")).status, 400);
    assert.equal((await add("a".repeat(101))).status, 400);
    assert.equal((await add("x".repeat(20_001))).status, 400);
    const r = await add("Spam, Çhéap  Pills\nfoo");
    assert.equal(r.status, 303);
    const page = await (await c.request("/admin/settings")).text();
    for (const w of ["spam", "cheap pills", "foo"]) assert.match(page, new RegExp(`>${w}<`));
    const api = await (await c.request("/api/v1/admin/blocked-words")).json();
    assert.deepEqual(api.words, ["cheap pills", "foo", "spam"]);
    const remove = (word: string) =>
      c.request("/admin/settings/blocked-words/remove", { form: { word } });
    assert.equal((await remove("FOO")).status, 303);
    assert.equal((await remove("foo")).status, 404);
    assert.equal((await remove("")).status, 400);
    // The JSON API's replacement is audited too (what it added and removed).
    const put = await c.request("/api/v1/admin/blocked-words", {
      method: "PUT",
      json: { words: ["Spam", "new one"] },
    });
    assert.equal(put.status, 200);
    const entries = await sql`select details from audit_log
      where action = 'settings.blocked_words' order by id`;
    assert.deepEqual(entries.map((e) => e.details), [
      { added: ["spam", "cheap pills", "foo"] },
      { removed: "foo" },
      { added: ["new one"], removed: ["cheap pills"] },
    ]);
  } finally {
    await s.close();
  }
});

Deno.test("two-factor reset from the users page: sessions end, the user is told, audited; 409 when off", async () => {
  await withAdminAndUser(async ({ sql, admin, user }) => {
    const c = admin.client;
    const path = `/admin/users/${user.id}/two-factor-reset`;
    assert.equal((await c.request(path, { form: {} })).status, 409);
    assert.equal(
      (await c.request(`/admin/users/${NOBODY}/two-factor-reset`, { form: {} })).status,
      404,
    );
    // Two-factor on (as confirmSetup leaves it; setting it up is two_factor_api_test's).
    await sql`insert into two_factor (user_id, secret_box, confirmed_at)
      values (${user.id}, 'sealed', now())`;
    assert.match(await (await c.request(`/admin/users/${user.id}`)).text(), /Reset two-factor/);
    assert.equal((await user.client.request("/api/v1/auth/me")).status, 200);
    const r = await c.request(path, { form: {} });
    assert.equal(r.status, 303);
    assert.equal((await user.client.request("/api/v1/auth/me")).status, 401, "signed out");
    const [tf] = await sql`select count(*)::int as n from two_factor where user_id = ${user.id}`;
    assert.equal(tf.n, 0);
    await audited(sql, "user.two_factor_reset", user.id);
    const [notice] = await sql`select email, data->>'reason' as reason from notifications
      where user_id = ${user.id} and kind = 'security'`;
    assert.ok(notice.email, "told by mail");
    assert.match(notice.reason, /An admin turned two-factor sign-in off/);
  });
});

Deno.test("admins create accounts (closed registration too): the person gets a set-password mail", async () => {
  const m = await openMailApp();
  try {
    const sql = m.services.db.sql;
    const admin = await account(m.app, sql, "admin");
    const c = new TestClient(m.app);
    c.cookies.clear();
    await sql`update instance_settings set registration = 'closed'`;
    const email = testEmail("made");
    const bad = [
      { email: "not-an-address", displayName: "X", role: "viewer" },
      { email, displayName: "", role: "viewer" },
      { email, displayName: "X", role: "overlord" },
    ];
    for (const form of bad) {
      const r = await admin.client.request("/admin/users", { form });
      assert.equal(r.status, 400, JSON.stringify(form));
    }
    const r = await admin.client.request("/admin/users", {
      form: { email: email.toUpperCase(), displayName: "Made Byadmin", role: "moderator" },
    });
    assert.equal(r.status, 303, await r.clone().text());
    const [made] = await sql`select id, role, email_verified_at from users where email = ${email}`;
    assert.equal(made.role, "moderator");
    assert.equal(made.email_verified_at, null);
    assert.equal(r.headers.get("location"), `/admin/users/${made.id}?done=created`);
    const entry = await audited(sql, "user.create", made.id);
    assert.deepEqual(entry.details, { email, role: "moderator" });
    const again = await admin.client.request("/admin/users", {
      form: { email, displayName: "Twice", role: "viewer" },
    });
    assert.equal(again.status, 409);
    // The mail's link sets the password; then the account signs in.
    const mail = await m.inbox.waitFor((x) => x.envelope.to.includes(email));
    assert.match(mail.subject, /^An account was created for you on VideoFlow/);
    assert.match(mail.text, /Made Byadmin/);
    const token = new URL(linkIn(mail, "/reset")).searchParams.get("token")!;
    const [stored] = await sql`select expires_at from account_tokens where user_id = ${made.id}`;
    const days = (stored.expires_at.getTime() - Date.now()) / 86_400_000;
    assert.ok(days > 6.9 && days <= 7, String(days));
    assert.equal((await signIn(m.app, email)).status, 401, "no password works before");
    const set = await c.request("/api/v1/auth/password/reset", {
      json: { token, newPassword: GOOD_PASSWORD },
    });
    assert.equal(set.status, 204, await set.clone().text());
    const signedIn = await signIn(m.app, email);
    assert.equal(signedIn.status, 200);
    assert.equal((await signedIn.json()).user.role, "moderator");
    const [verified] = await sql`select email_verified_at from users where id = ${made.id}`;
    assert.ok(verified.email_verified_at, "opening the link confirmed the address");
  } finally {
    await m.close();
  }
});
