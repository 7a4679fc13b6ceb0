/**
 * Administration rules: the role matrix over every admin route (pages and
 * API) for anonymous, viewer, creator, moderator, admin and banned callers;
 * the last admin; audit entries for each sensitive action and the
 * append-only trigger; the CSV export; registration modes at sign-up.
 */
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import { ConflictError } from "../lib/errors.ts";
import { changeRole, setUserBan } from "../lib/moderation/users.ts";
import { GOOD_PASSWORD, TestClient, testEmail } from "./_harness/client.ts";
import { account, roleCallers } from "./_harness/moderation.ts";
import { openTestServices } from "./_harness/services.ts";

const LIMITS = { rateLimits: { auth: 10_000, apiUser: 10_000, apiIp: 100_000 } };
const NOBODY = crypto.randomUUID();

/** Every admin route: method, path, body, and whether moderators may use it. */
const ROUTES: {
  method: string;
  path: string;
  json?: unknown;
  form?: Record<string, string>;
  moderators: boolean;
}[] = [
  { method: "GET", path: "/admin", moderators: true },
  { method: "GET", path: "/admin/review", moderators: true },
  { method: "POST", path: `/admin/review/${NOBODY}/approve`, form: {}, moderators: true },
  {
    method: "POST",
    path: `/admin/review/${NOBODY}/reject`,
    form: { reason: "x" },
    moderators: true,
  },
  { method: "GET", path: "/api/v1/admin/review", moderators: true },
  { method: "POST", path: `/api/v1/admin/videos/${NOBODY}/approve`, moderators: true },
  {
    method: "POST",
    path: `/api/v1/admin/videos/${NOBODY}/reject`,
    json: { reason: "x" },
    moderators: true,
  },
  { method: "GET", path: "/admin/reports", moderators: true },
  {
    method: "POST",
    path: "/admin/reports/act",
    form: { targetKind: "video", targetId: NOBODY, action: "dismiss" },
    moderators: true,
  },
  { method: "GET", path: "/api/v1/admin/reports", moderators: true },
  { method: "GET", path: "/admin/users", moderators: false },
  {
    method: "POST",
    path: `/admin/users/${NOBODY}/role`,
    form: { role: "admin" },
    moderators: false,
  },
  {
    method: "POST",
    path: `/admin/users/${NOBODY}/trusted`,
    form: { trusted: "true" },
    moderators: false,
  },
  { method: "POST", path: `/admin/users/${NOBODY}/ban`, form: { reason: "x" }, moderators: false },
  { method: "POST", path: `/admin/users/${NOBODY}/unban`, form: {}, moderators: false },
  { method: "POST", path: "/admin/invitations", form: { role: "bogus" }, moderators: false },
  { method: "GET", path: "/admin/videos", moderators: false },
  {
    method: "POST",
    path: `/admin/videos/${NOBODY}/visibility`,
    form: { visibility: "public" },
    moderators: false,
  },
  { method: "POST", path: `/admin/videos/${NOBODY}/reprocess`, form: {}, moderators: false },
  { method: "POST", path: `/admin/videos/${NOBODY}/delete`, form: {}, moderators: false },
  { method: "GET", path: "/admin/jobs", moderators: false },
  { method: "POST", path: `/admin/jobs/${NOBODY}/cancel`, form: {}, moderators: false },
  { method: "POST", path: `/admin/jobs/${NOBODY}/retry`, form: {}, moderators: false },
  { method: "GET", path: "/admin/settings", moderators: false },
  { method: "POST", path: "/admin/settings", form: { moderation: "bogus" }, moderators: false },
  { method: "GET", path: "/admin/audit", moderators: false },
  { method: "GET", path: "/admin/audit.csv", moderators: false },
  { method: "GET", path: "/api/v1/admin/settings", moderators: false },
  {
    method: "PATCH",
    path: "/api/v1/admin/settings",
    json: { moderation: "bogus" },
    moderators: false,
  },
  {
    method: "PUT",
    path: `/api/v1/admin/users/${NOBODY}/trusted`,
    json: { trusted: true },
    moderators: false,
  },
  {
    method: "PUT",
    path: `/api/v1/users/${NOBODY}/role`,
    json: { role: "admin" },
    moderators: false,
  },
  { method: "PUT", path: `/api/v1/users/${NOBODY}/ban`, json: { reason: "x" }, moderators: false },
  { method: "DELETE", path: `/api/v1/users/${NOBODY}/ban`, moderators: false },
  { method: "GET", path: "/api/v1/admin/jobs", moderators: false },
];

Deno.test("role matrix: every admin route, for every kind of caller", async () => {
  const s = await openTestServices();
  const sql = s.db.sql;
  try {
    const app = createApp(s, LIMITS);
    const callers = await roleCallers(app, sql);
    const banned = await account(app, sql, "admin");
    await sql`update users set banned_at = now(), ban_reason = 'x' where id = ${banned.id}`;
    const failures: string[] = [];
    for (const r of ROUTES) {
      for (
        const [who, client] of [
          ...Object.entries(callers),
          ["banned admin", banned.client] as const,
        ]
      ) {
        const res = await client.request(r.path, { method: r.method, json: r.json, form: r.form });
        await res.body?.cancel();
        const page = !r.path.startsWith("/api/");
        const signedOut = who === "anonymous" || who === "banned admin";
        const allowed = who === "admin" || (who === "moderator" && r.moderators);
        const expected = signedOut
          ? (page && r.method === "GET" ? [303] : [401])
          : allowed
          ? null
          : [403];
        const ok = expected ? expected.includes(res.status) : ![401, 403, 500].includes(res.status);
        if (!ok) failures.push(`${who} ${r.method} ${r.path}: ${res.status}`);
      }
    }
    assert.deepEqual(failures, []);
    // A cursor that parses as no date is a 400, not a Postgres error.
    for (const path of ["/admin/users", "/admin/videos"]) {
      const bad = `${path}?after=2026-99-99T99:99:99.999Z_${NOBODY}`;
      assert.equal((await callers.admin.request(bad)).status, 400, bad);
    }
  } finally {
    await s.close();
  }
});

Deno.test("the last admin can be neither demoted nor banned, even by two admins at once", async () => {
  const s = await openTestServices();
  const sql = s.db.sql;
  try {
    const app = createApp(s, LIMITS);
    const a = await account(app, sql, "admin");
    const b = await account(app, sql, "admin");
    const self = await a.client.request(`/api/v1/users/${a.id}/role`, {
      method: "PUT",
      json: { role: "creator" },
    });
    assert.equal(self.status, 403);
    const actor = (id: string) => ({ id, name: "x" });
    // Each demotes the other at the same moment: exactly one stays admin.
    const results = await Promise.allSettled([
      changeRole(sql, b.id, { role: "creator", actor: actor(a.id) }),
      changeRole(sql, a.id, { role: "creator", actor: actor(b.id) }),
    ]);
    assert.equal(results.filter((r) => r.status === "fulfilled").length, 1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    assert.ok(refused.reason instanceof ConflictError, String(refused.reason));
    const [{ n }] = await sql`select count(*)::int as n from users where role = 'admin'`;
    assert.equal(n, 1);
    const [last] = await sql`select id from users where role = 'admin'`;
    await assert.rejects(
      setUserBan(sql, last.id, { ban: { reason: "x" }, actor: actor(crypto.randomUUID()) }),
      ConflictError,
    );
    await assert.rejects(
      changeRole(sql, last.id, { role: "viewer", actor: actor(crypto.randomUUID()) }),
      ConflictError,
    );
  } finally {
    await s.close();
  }
});

Deno.test("every sensitive action is audited with who, what, target, address and request id; the log is append-only", async () => {
  const s = await openTestServices();
  const sql = s.db.sql;
  try {
    const app = createApp(s, LIMITS);
    const admin = await account(app, sql, "admin");
    const other = await account(app, sql, "creator");
    const [video] = await sql`insert into videos (owner_id, title, status)
      values (${other.id}, 'Theirs', 'failed') returning id`;
    const c = admin.client;
    const steps: [string, () => Promise<Response>][] = [
      [
        "user.role",
        () => c.request(`/admin/users/${other.id}/role`, { form: { role: "moderator" } }),
      ],
      [
        "user.trusted",
        () => c.request(`/admin/users/${other.id}/trusted`, { form: { trusted: "true" } }),
      ],
      ["user.ban", () => c.request(`/admin/users/${other.id}/ban`, { form: { reason: "=spam" } })],
      ["user.unban", () => c.request(`/admin/users/${other.id}/unban`, { form: {} })],
      ["settings.change", () => c.request("/admin/settings", { form: { moderation: "pre" } })],
      ["invitation.create", () => c.request("/admin/invitations", { form: { role: "viewer" } })],
      [
        "video.visibility",
        () =>
          c.request(`/admin/videos/${video.id}/visibility`, { form: { visibility: "unlisted" } }),
      ],
      ["video.delete", () => c.request(`/admin/videos/${video.id}/delete`, { form: {} })],
    ];
    for (const [action, step] of steps) {
      const res = await step();
      assert.equal(res.status, 303, `${action}: ${await res.text()}`);
      const [entry] = await sql`select * from audit_log where action = ${action}`;
      assert.ok(entry, `${action} recorded`);
      assert.equal(entry.actor_id, admin.id);
      assert.equal(entry.actor_name, "The admin");
      assert.ok(entry.ip, `${action}: address`);
      assert.match(entry.request_id, /^[\w.-]{8,}$/);
    }
    const [role] = await sql`select target_id, details from audit_log where action = 'user.role'`;
    assert.equal(role.target_id, other.id);
    assert.deepEqual(role.details, { from: "creator", to: "moderator" });
    const [settings] = await sql`select details from audit_log where action = 'settings.change'`;
    assert.equal(settings.details.before.moderation, "off");
    assert.equal(settings.details.after.moderation, "pre");
    // Append-only: no update, delete or truncate gets through.
    await assert.rejects(sql`update audit_log set action = 'nothing'`, /append-only/);
    await assert.rejects(sql`delete from audit_log`, /append-only/);
    await assert.rejects(sql`truncate audit_log`, /append-only/);
    // Searchable, and exported as CSV.
    const page = await (await c.request("/admin/audit?q=spam")).text();
    assert.match(page, /<td>user\.ban<\/td>/);
    assert.doesNotMatch(page, /<td>settings\.change<\/td>/);
    const csv = await c.request("/admin/audit.csv?action=user.ban");
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get("content-type")!, /^text\/csv/);
    const lines = (await csv.text()).trim().split("\r\n");
    assert.equal(lines.length, 2);
    assert.match(lines[0], /^id,at,actor_id,actor_name,action/);
    assert.match(lines[1], /user\.ban/);
    assert.match(lines[1], /"\{""reason"":""=spam""\}"/);
  } finally {
    await s.close();
  }
});

Deno.test("registration modes: open, invitation links (once each), closed; the page says which", async () => {
  const s = await openTestServices();
  const sql = s.db.sql;
  try {
    const app = createApp(s, LIMITS);
    const admin = await account(app, sql, "admin");
    const signUp = (invitation?: string, email = testEmail("reg")) =>
      new TestClient(app).request("/api/v1/auth/signup", {
        json: { email, password: GOOD_PASSWORD, displayName: "New", invitation },
      });
    // Sign-up answers 202 alike for every address (it signs nobody in).
    assert.equal((await signUp()).status, 202);
    const set = (registration: string) =>
      admin.client.request("/api/v1/admin/settings", { method: "PATCH", json: { registration } });
    assert.equal((await set("closed")).status, 200);
    const closed = await signUp();
    assert.equal(closed.status, 403);
    assert.match((await closed.json()).error.message, /closed/);
    assert.match(
      await (await new TestClient(app).request("/signup")).text(),
      /Registration is closed/,
    );
    assert.equal((await set("invite")).status, 200);
    assert.equal((await signUp()).status, 403);
    assert.equal((await signUp("not-a-real-invitation-token")).status, 403);
    const made = await admin.client.request("/admin/invitations", { form: { role: "viewer" } });
    assert.equal(made.status, 303);
    const token = new URL(made.headers.get("location")!, "http://x").searchParams.get("invite")!;
    const listed = await (await admin.client.request(`/admin/users?invite=${token}`)).text();
    assert.match(listed, new RegExp(`/signup\\?invite=${token}`));
    const form = await (await new TestClient(app).request(`/signup?invite=${token}`)).text();
    assert.match(form, /by invitation only/);
    assert.match(form, new RegExp(`name="invitation" value="${token}"`));
    const invitedEmail = testEmail("invited");
    assert.equal((await signUp(token, invitedEmail)).status, 202);
    const [invited] = await sql`select role from users where email = ${invitedEmail}`;
    assert.equal(invited.role, "viewer");
    assert.equal((await signUp(token)).status, 403, "an invitation works once");
  } finally {
    await s.close();
  }
});
