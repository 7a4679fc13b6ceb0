/**
 * Admins grant the creator tier (premium without a subscription) on
 * /admin/users and through the API, and take it back: the role matrix
 * (moderators cannot), the tier and premium now, the audit entries, bad input,
 * and nothing of it without premium configured.
 */
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import type { Sql } from "../lib/db/mod.ts";
import { account, roleCallers } from "./_harness/moderation.ts";
import { deliverAll, premiumApp } from "./_harness/premium.ts";
import { openTestServices } from "./_harness/services.ts";
import { tokenAccount } from "./_harness/client.ts";

const LIMITS = { rateLimits: { auth: 10_000, apiUser: 10_000, apiIp: 100_000 } };
const NOBODY = crypto.randomUUID();

async function audited(sql: Sql, target: string) {
  const [entry] = await sql`select * from audit_log where action = 'user.tier'
    and target_id = ${target} order by id desc limit 1`;
  assert.ok(entry, "user.tier recorded");
  assert.ok(entry.ip, "address");
  assert.match(entry.request_id, /^[\w.-]{8,}$/, "request id");
  return entry;
}

const tierOf = async (sql: Sql, id: string) =>
  (await sql`select tier, premium_until from users where id = ${id}`)[0];

Deno.test("role matrix: setting a tier is for admins only (moderators get 403)", async () => {
  const t = await premiumApp(LIMITS);
  try {
    const callers = await roleCallers(t.app, t.sql);
    const failures: string[] = [];
    for (const [who, client] of Object.entries(callers)) {
      const page = await client.request(`/admin/users/${NOBODY}/tier`, {
        form: { tier: "creator" },
      });
      const api = await client.request(`/api/v1/admin/users/${NOBODY}/tier`, {
        method: "PUT",
        json: { tier: "creator" },
      });
      for (const [what, r] of [["page", page], ["api", api]] as const) {
        await r.body?.cancel();
        const expected = who === "anonymous" ? 401 : who === "admin" ? 404 : 403;
        if (r.status !== expected) failures.push(`${who} ${what}: ${r.status}`);
      }
    }
    assert.deepEqual(failures, []);
  } finally {
    await t.close();
  }
});

Deno.test("an admin grants the creator tier on /admin/users and takes it back; both audited", async () => {
  const t = await premiumApp(LIMITS);
  try {
    const admin = await account(t.app, t.sql, "admin");
    const user = await tokenAccount(t.app, { name: "Granted" });
    const me = async () => await (await user.call("/api/v1/billing/me")).json();
    assert.equal((await me()).premium, false);
    const list = await (await admin.client.request("/admin/users?q=Granted")).text();
    assert.match(list, /<th[^>]*>Tier<\/th>/);
    assert.match(list, /Make creator<span class="visually-hidden">: Granted</);

    const r = await admin.client.request(`/admin/users/${user.id}/tier`, {
      form: { tier: "creator" },
    });
    assert.equal(r.status, 303);
    assert.equal(r.headers.get("location"), "/admin/users?done=tier");
    assert.deepEqual(await tierOf(t.sql, user.id), { tier: "creator", premium_until: null });
    assert.deepEqual(await me(), { tier: "creator", premium: true, subscription: null });
    const granted = await audited(t.sql, user.id);
    assert.deepEqual(granted.details, { from: "free", to: "creator" });
    const after = await (await admin.client.request("/admin/users?q=Granted&done=tier")).text();
    assert.match(after, /Tier changed\./);
    assert.match(after, /Take back <span class="visually-hidden">the creator tier from Granted</);

    const back = await admin.client.request(`/api/v1/admin/users/${user.id}/tier`, {
      method: "PUT",
      json: { tier: "free" },
    });
    assert.equal(back.status, 200);
    assert.deepEqual(await back.json(), { tier: "free" });
    assert.equal((await me()).premium, false);
    const taken = await audited(t.sql, user.id);
    assert.deepEqual(taken.details, { from: "creator", to: "free" });
    assert.notEqual(taken.id, granted.id);
  } finally {
    await t.close();
  }
});

Deno.test("taking the creator tier back from a subscriber leaves them premium by their subscription", async () => {
  const t = await premiumApp(LIMITS);
  try {
    const admin = await account(t.app, t.sql, "admin");
    const member = await tokenAccount(t.app, { name: "Subscriber" });
    const r = await member.call("/api/v1/billing/checkout", { json: { plan: "monthly" } });
    const sessionId = new URL((await r.json()).url).pathname.split("/").at(-1)!;
    await deliverAll(t.deliver, t.standin.completeCheckout(sessionId));
    const put = (tier: unknown) =>
      admin.client.request(`/api/v1/admin/users/${member.id}/tier`, {
        method: "PUT",
        json: { tier },
      });
    assert.deepEqual(await (await put("creator")).json(), { tier: "creator" });
    assert.deepEqual(await (await put("free")).json(), { tier: "premium" });
    const row = await tierOf(t.sql, member.id);
    assert.ok(row.premium_until > new Date(), "the paid period (plus grace) again");
    // Bad input: 400 or 404, never 500.
    for (const [tier, status] of [["premium", 400], ["", 400], [null, 400]] as const) {
      assert.equal((await put(tier)).status, status, String(tier));
    }
    const form = (id: string, tier: string) =>
      admin.client.request(`/admin/users/${id}/tier`, { form: { tier } });
    assert.equal((await form(member.id, "gold")).status, 400);
    assert.equal((await form("not-an-id", "creator")).status, 404);
    assert.equal((await form(NOBODY, "creator")).status, 404);
  } finally {
    await t.close();
  }
});

Deno.test("without premium configured there is no tier column and no tier route", async () => {
  const s = await openTestServices();
  try {
    const app = createApp(s, LIMITS);
    const admin = await account(app, s.db.sql, "admin");
    const list = await (await admin.client.request("/admin/users")).text();
    assert.doesNotMatch(list, /<th[^>]*>Tier<\/th>/);
    const r = await admin.client.request(`/admin/users/${admin.id}/tier`, {
      form: { tier: "creator" },
    });
    assert.equal(r.status, 404);
    await r.body?.cancel();
  } finally {
    await s.close();
  }
});
