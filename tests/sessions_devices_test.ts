/** The signed-in devices: listed with their browser and OS, one signed out, or all others. */
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import {
  pruneDeviceSessions,
  TOUCH_INTERVAL_MS,
  touchSession,
} from "../lib/auth/device_sessions.ts";
import { pruneRefreshTokens } from "../lib/auth/refresh_tokens.ts";
import { housekeeping } from "../workers/housekeeping.ts";
import { GOOD_PASSWORD, testEmail } from "./_harness/client.ts";
import { openTestServices } from "./_harness/services.ts";

type App = ReturnType<typeof createApp>;

const FIREFOX_WINDOWS =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0";
const SAFARI_IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1";

async function session(app: App, email: string, ua: string, path = "login") {
  if (path === "signup") {
    // Sign-up signs nobody in (it answers alike for every address): ask, then sign in.
    const asked = await app.request("/api/v1/auth/signup", {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": ua },
      body: JSON.stringify({ email, password: GOOD_PASSWORD, displayName: "Dev" }),
    });
    assert.equal(asked.status, 202);
    path = "login";
  }
  const r = await app.request(`/api/v1/auth/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "user-agent": ua },
    body: JSON.stringify({ email, password: GOOD_PASSWORD, displayName: "Dev", session: "token" }),
  });
  assert.ok(r.status === 200 || r.status === 201, `${path}: ${r.status}`);
  const body = await r.json();
  return {
    refreshToken: body.refreshToken as string,
    headers: { authorization: `Bearer ${body.accessToken}`, "user-agent": ua },
  };
}

function api(app: App, path: string, headers: Record<string, string>, method = "GET") {
  return app.request(path, { method, headers });
}

async function list(app: App, headers: Record<string, string>, query = "") {
  const r = await api(app, `/api/v1/users/me/sessions${query}`, headers);
  assert.equal(r.status, 200);
  return await r.json();
}

async function status(app: App, headers: Record<string, string>): Promise<number> {
  const r = await api(app, "/api/v1/auth/me", headers);
  await r.body?.cancel();
  return r.status;
}

async function refreshes(app: App, refreshToken: string): Promise<number> {
  const r = await app.request("/api/v1/auth/refresh", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ refreshToken }),
  });
  await r.body?.cancel();
  return r.status;
}

Deno.test("sessions: two devices are listed; signing one out ends its refresh and access tokens", async () => {
  const services = await openTestServices();
  try {
    const app = createApp(services);
    const email = testEmail();
    const laptop = await session(app, email, FIREFOX_WINDOWS, "signup");
    const phone = await session(app, email, SAFARI_IPHONE);
    const { sessions, nextCursor } = await list(app, laptop.headers);
    assert.equal(nextCursor, null);
    assert.deepEqual(
      sessions.map((s: { device: string; current: boolean }) => [s.device, s.current]).sort(),
      [["Firefox 140 on Windows", true], ["Safari 18 on iOS", false]],
    );
    const phoneId = sessions.find((s: { current: boolean }) => !s.current).id;
    // Someone else cannot end it, nor see it.
    const other = await session(app, testEmail(), FIREFOX_WINDOWS, "signup");
    const foreign = await api(app, `/api/v1/users/me/sessions/${phoneId}`, other.headers, "DELETE");
    assert.equal(foreign.status, 404);
    assert.equal((await list(app, other.headers)).sessions.length, 1);
    assert.equal(await status(app, phone.headers), 200);
    const out = await api(app, `/api/v1/users/me/sessions/${phoneId}`, laptop.headers, "DELETE");
    assert.equal(out.status, 204);
    assert.equal(await status(app, phone.headers), 401, "its access token is dead at once");
    assert.equal(await refreshes(app, phone.refreshToken), 401, "and its refresh token");
    assert.equal(await status(app, laptop.headers), 200);
    assert.equal((await list(app, laptop.headers)).sessions.length, 1);
    const again = await api(app, `/api/v1/users/me/sessions/${phoneId}`, laptop.headers, "DELETE");
    assert.equal(again.status, 404);
    const bad = await api(app, "/api/v1/users/me/sessions/not-a-uuid", laptop.headers, "DELETE");
    assert.equal(bad.status, 400);
  } finally {
    await services.close();
  }
});

Deno.test("sessions: 'sign out all others' keeps the current one", async () => {
  const services = await openTestServices();
  try {
    const app = createApp(services);
    const email = testEmail();
    const me = await session(app, email, FIREFOX_WINDOWS, "signup");
    const others = [
      await session(app, email, SAFARI_IPHONE),
      await session(app, email, "curl/8.5.0"),
    ];
    const r = await api(app, "/api/v1/users/me/sessions/revoke-others", me.headers, "POST");
    assert.equal(r.status, 200);
    assert.deepEqual(await r.json(), { revoked: 2 });
    assert.equal(await status(app, me.headers), 200);
    for (const o of others) {
      assert.equal(await status(app, o.headers), 401);
      assert.equal(await refreshes(app, o.refreshToken), 401);
    }
    const { sessions } = await list(app, me.headers);
    assert.equal(sessions.length, 1);
    assert.equal(sessions[0].current, true);
    // A refresh keeps the session (same family) and the list.
    assert.equal(await refreshes(app, me.refreshToken), 200);
    assert.equal((await list(app, me.headers)).sessions.length, 1);
  } finally {
    await services.close();
  }
});

Deno.test("sessions: a huge User-Agent is stored bounded; the list pages by cursor", async () => {
  const services = await openTestServices();
  try {
    const app = createApp(services);
    const email = testEmail();
    const a = await session(app, email, "X".repeat(5000), "signup");
    await session(app, email, SAFARI_IPHONE);
    await session(app, email, FIREFOX_WINDOWS);
    const [row] = await services.db
      .sql`select max(length(user_agent))::int as n from user_sessions`;
    assert.equal(row.n, 300);
    const first = await list(app, a.headers, "?limit=2");
    assert.equal(first.sessions.length, 2);
    assert.ok(first.nextCursor);
    const second = await list(app, a.headers, `?limit=2&cursor=${first.nextCursor}`);
    assert.equal(second.sessions.length, 1);
    assert.equal(second.nextCursor, null);
    const ids = [...first.sessions, ...second.sessions].map((s: { id: string }) => s.id);
    assert.equal(new Set(ids).size, 3);
    const current = [...first.sessions, ...second.sessions].filter((s) => s.current);
    assert.equal(current.length, 1);
    const bad = await api(app, "/api/v1/users/me/sessions?cursor=%00%01", a.headers);
    assert.equal(bad.status, 400);
    assert.equal((await api(app, "/api/v1/users/me/sessions", {})).status, 401);
  } finally {
    await services.close();
  }
});

Deno.test("last use is written at most once per interval per session", async () => {
  const services = await openTestServices();
  try {
    const sql = services.db.sql;
    const app = createApp(services);
    await session(app, testEmail(), FIREFOX_WINDOWS, "signup");
    const [{ id }] = await sql`select family_id as id from user_sessions`;
    const ago = () => sql`update user_sessions set last_seen_at = now() - interval '1 hour'`;
    const seen = async () =>
      (await sql`select extract(epoch from now() - last_seen_at)::int as s from user_sessions`)[0]
        .s;
    await ago();
    const later = Date.now() + 2 * TOUCH_INTERVAL_MS;
    await touchSession(sql, id, { ip: "192.0.2.4", now: later });
    assert.ok(await seen() < 60, "written");
    await ago();
    await touchSession(sql, id, { ip: "192.0.2.4", now: later + 1000 });
    assert.ok(await seen() >= 3600, "not written again within the interval");
    await touchSession(sql, id, { ip: "192.0.2.5", now: later + TOUCH_INTERVAL_MS + 1000 });
    assert.ok(await seen() < 60, "written once the interval has passed");
    const [{ ip }] = await sql`select ip from user_sessions`;
    assert.equal(ip, "192.0.2.5");
  } finally {
    await services.close();
  }
});

Deno.test("the hourly prune_sessions job removes expired sessions' tokens and device rows", async () => {
  const services = await openTestServices();
  try {
    const sql = services.db.sql;
    const app = createApp(services);
    const email = testEmail();
    const kept = await session(app, email, FIREFOX_WINDOWS, "signup");
    await session(app, email, SAFARI_IPHONE);
    const [old] = await sql`select family_id as id from user_sessions
      where user_agent like '%iPhone%'`;
    await sql`update refresh_tokens set expires_at = now() - interval '2 days'
      where family_id = ${old.id}`;
    await sql`update user_sessions set created_at = now() - interval '9 days'`;
    const chores = housekeeping({ sql, storage: services.storage }, {
      sweepEveryMs: 60_000,
      retentionMs: 60_000,
    });
    assert.ok(chores.schedules.some((s) => s.name === "prune_sessions"));
    assert.ok(chores.jobs.some((j) => j.kind === "prune_sessions"));
    // What the job's handler runs.
    await pruneRefreshTokens(sql);
    await pruneDeviceSessions(sql);
    const left = await sql`select user_agent from user_sessions`;
    assert.deepEqual(left.map((r) => r.user_agent), [FIREFOX_WINDOWS]);
    const [{ n }] = await sql`select count(*)::int as n from refresh_tokens
      where family_id = ${old.id}`;
    assert.equal(n, 0);
    assert.equal((await list(app, kept.headers)).sessions.length, 1);
  } finally {
    await services.close();
  }
});
