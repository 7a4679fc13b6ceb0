/** Roles, ADMIN_EMAIL, NEW_USER_ROLE, guards and bans. */
import assert from "node:assert/strict";
import { Hono } from "hono";
import { createApp } from "../app.ts";
import { ensureAdmin } from "../lib/auth/admin.ts";
import { promoteAdminEmail } from "../lib/auth/mod.ts";
import { requireRole, requireUser } from "../middleware/auth.ts";
import { GOOD_PASSWORD, TestClient, testEmail } from "./_harness/client.ts";
import { openTestServices } from "./_harness/services.ts";
import { signUpAndIn } from "./_harness/accounts.ts";

async function signUp(client: TestClient, email = testEmail()) {
  const r = await signUpAndIn(client, {
    json: { email, password: GOOD_PASSWORD, displayName: email.split("@")[0] },
  });
  assert.equal(r.status, 200);
  return (await r.json()).user;
}

Deno.test("ADMIN_EMAIL signs up as admin; admins change roles and ban; guards answer 401/403", async () => {
  const services = await openTestServices();
  services.config.auth.adminEmail = "boss@example.com";
  try {
    const app = createApp(services);
    const admin = new TestClient(app);
    const member = new TestClient(app);
    const adminUser = await signUp(admin, "Boss@Example.com");
    assert.equal(adminUser.role, "admin");
    const memberEmail = testEmail("member");
    const memberUser = await signUp(member, memberEmail);
    assert.equal(memberUser.role, "creator");

    const anon = await app.request(`/api/v1/users/${memberUser.id}/role`, {
      method: "PUT",
      body: JSON.stringify({ role: "viewer" }),
    });
    assert.equal(anon.status, 401);
    const byMember = await member.request(`/api/v1/users/${adminUser.id}/role`, {
      method: "PUT",
      json: { role: "viewer" },
    });
    assert.equal(byMember.status, 403);
    assert.equal((await byMember.json()).error.code, "forbidden");
    const bad = await admin.request(`/api/v1/users/${memberUser.id}/role`, {
      method: "PUT",
      json: { role: "overlord" },
    });
    assert.equal(bad.status, 400);

    const demote = await admin.request(`/api/v1/users/${memberUser.id}/role`, {
      method: "PUT",
      json: { role: "viewer" },
    });
    assert.equal(demote.status, 200);
    assert.equal((await demote.json()).user.role, "viewer");
    // A role change ends the member's sessions; signing in again carries the new role.
    assert.equal((await member.request("/api/v1/auth/me")).status, 401);
    const again = await member.request("/api/v1/auth/login", {
      json: { email: memberEmail, password: GOOD_PASSWORD },
    });
    assert.equal((await again.json()).user.role, "viewer");

    // Ban: sessions end at once and signing in is refused (after the password checks out).
    const ban = await admin.request(`/api/v1/users/${memberUser.id}/ban`, {
      method: "PUT",
      json: { reason: "spam" },
    });
    assert.equal(ban.status, 204);
    assert.equal((await member.request("/api/v1/auth/me")).status, 401);
    const login = await member.request("/api/v1/auth/login", {
      json: { email: memberEmail, password: GOOD_PASSWORD },
    });
    assert.equal(login.status, 403);
    assert.match((await login.json()).error.message, /suspended/);
    assert.equal((await app.request(`/api/v1/users/${memberUser.id}`)).status, 404);
    const wrongPw = await member.request("/api/v1/auth/login", {
      json: { email: memberEmail, password: "wrong wrong wrong" },
    });
    assert.equal(wrongPw.status, 401, "a ban is not revealed without the password");

    assert.equal(
      (await admin.request(`/api/v1/users/${memberUser.id}/ban`, { method: "DELETE" })).status,
      204,
    );
    const back = await member.request("/api/v1/auth/login", {
      json: { email: memberEmail, password: GOOD_PASSWORD },
    });
    assert.equal(back.status, 200);
  } finally {
    await services.close();
  }
});

Deno.test("NEW_USER_ROLE=viewer makes new accounts viewers; ADMIN_EMAIL promotes at start-up", async () => {
  const services = await openTestServices();
  services.config.auth.newUserRole = "viewer";
  try {
    const client = new TestClient(createApp(services));
    const email = testEmail("later-admin");
    const user = await signUp(client, email);
    assert.equal(user.role, "viewer");
    await promoteAdminEmail(services.db.sql, email);
    assert.equal((await client.request("/api/v1/auth/me")).status, 401, "promotion ends sessions");
    const login = await client.request("/api/v1/auth/login", {
      json: { email, password: GOOD_PASSWORD },
    });
    assert.equal((await login.json()).user.role, "admin");
  } finally {
    await services.close();
  }
});

Deno.test("ensureAdmin() creates an admin with a strong password, or promotes", async () => {
  const services = await openTestServices();
  try {
    const sql = services.db.sql;
    await assert.rejects(
      ensureAdmin(sql, { email: "root@example.com", password: () => "password1" }),
      /stronger password/,
    );
    assert.equal(
      await ensureAdmin(sql, { email: "root@example.com", password: () => GOOD_PASSWORD }),
      "created",
    );
    const client = new TestClient(createApp(services));
    const r = await client.request("/api/v1/auth/login", {
      json: { email: "root@example.com", password: GOOD_PASSWORD },
    });
    assert.equal((await r.json()).user.role, "admin");
    const email = testEmail();
    await signUp(client, email);
    assert.equal(
      await ensureAdmin(sql, { email, password: () => assert.fail("not asked") }),
      "promoted",
    );
    const [row] = await sql`select role from users where email = ${email}`;
    assert.equal(row.role, "admin");
  } finally {
    await services.close();
  }
});

Deno.test("requireUser() and requireRole() map to 401 and 403 through the one error handler", async () => {
  const services = await openTestServices();
  try {
    const app = createApp(services);
    const guarded = new Hono()
      .get("/api/v1/_t/creators", requireRole("creator", "admin"), (c) => c.json({ ok: true }))
      .get("/api/v1/_t/any", requireUser(), (c) => c.json({ id: c.get("user")!.id }));
    app.route("/", guarded);
    assert.equal((await app.request("/api/v1/_t/any")).status, 401);
    assert.equal((await app.request("/api/v1/_t/creators")).status, 401);
    services.config.auth.newUserRole = "viewer";
    const viewer = new TestClient(createApp(services).route("/", guarded));
    await signUp(viewer);
    assert.equal((await viewer.request("/api/v1/_t/any")).status, 200);
    assert.equal((await viewer.request("/api/v1/_t/creators")).status, 403);
  } finally {
    await services.close();
  }
});
