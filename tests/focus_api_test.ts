/**
 * Focus sessions: POST /api/v1/focus-sessions (idempotent, impossible values
 * refused, limited), the viewer's /focus history and totals, the auto-start
 * setting, the creator's and the admin's figures.
 */
import assert from "node:assert/strict";
import { FOCUS_REPORTS_PER_MINUTE } from "../routes/api/v1/focus.ts";
import { TestClient } from "./_harness/client.ts";
import { addPlayableVideo, communityApp } from "./_harness/community.ts";
import { seedVideoWithMedia } from "./_harness/media_fixture.ts";

const LIMITS = { rateLimits: { auth: 1000, apiUser: 10_000, apiIp: 10_000 } };
const HLS = { file: new URL("file:///x"), url: "/_vendor/hls.js" };

/** A report of a session that ended `agoS` seconds ago and lasted `durationS`. */
function report(videoId: string, fields: Record<string, unknown> = {}) {
  const end = Date.now() - 1000;
  return {
    clientId: crypto.randomUUID(),
    videoId,
    startedAt: new Date(end - 600_000).toISOString(),
    endedAt: new Date(end).toISOString(),
    hiddenCount: 2,
    hiddenS: 30,
    blurCount: 1,
    blurS: 5,
    completed: false,
    ...fields,
  };
}

async function send(client: TestClient, body: unknown) {
  return await client.request("/api/v1/focus-sessions", { json: body });
}

Deno.test("focus sessions: stored once per client id, a longer report replaces, listed with totals", async () => {
  const { services, sql, creator, author } = await communityApp({ ...LIMITS, hls: HLS });
  try {
    const videoId = await addPlayableVideo(sql, creator.id, { title: "Calm sea" });
    const first = report(videoId);
    assert.deepEqual(await (await send(author.client, first)).json(), { recorded: true });
    // A replay (the same report again) counts once.
    assert.deepEqual(await (await send(author.client, first)).json(), { recorded: false });
    // The same session reported later, longer and completed, replaces it.
    const later = { ...first, endedAt: new Date(Date.now()).toISOString(), completed: true };
    assert.deepEqual(await (await send(author.client, later)).json(), { recorded: true });
    // A shorter (older) report of it afterwards changes nothing.
    assert.deepEqual(await (await send(author.client, first)).json(), { recorded: false });
    const quiet = { hiddenCount: 0, hiddenS: 0, blurCount: 0, blurS: 0 };
    assert.equal((await send(author.client, report(videoId, quiet))).status, 200);

    const r = await author.client.request("/api/v1/focus-sessions");
    assert.equal(r.status, 200);
    const body = await r.json();
    assert.equal(body.sessions.length, 2);
    assert.equal(body.totals.sessions, 2);
    assert.equal(body.totals.interruptions, 3, "2 tab hides and 1 blur, the quiet one none");
    assert.equal(body.totals.completed, 1);
    assert.ok(body.totals.focusedS > 1200 - 5 && body.totals.focusedS < 1200 + 5);
    assert.equal(body.sessions[0].title, "Calm sea");

    const page = await (await author.client.request("/focus")).text();
    assert.match(page, /Focus history/);
    assert.match(page, /Calm sea/);
    assert.match(page, /Watched to the end/);
    assert.match(page, /3 interruptions/);
    // Another viewer sees none of them.
    const [{ n }] = await sql<{ n: number }[]>`
      select count(*)::int as n from focus_sessions where user_id = ${creator.id}`;
    assert.equal(n, 0);
    const theirs = await (await creator.client.request("/api/v1/focus-sessions")).json();
    assert.equal(theirs.totals.sessions, 0);
  } finally {
    await services.close();
  }
});

Deno.test("focus sessions: impossible figures, strangers' private videos, anonymous callers, big bodies and floods are refused", async () => {
  const { services, sql, creator, author, anon } = await communityApp({ ...LIMITS, hls: HLS });
  try {
    const videoId = await addPlayableVideo(sql, creator.id);
    const now = Date.now();
    const impossible: Record<string, unknown>[] = [
      { endedAt: new Date(now - 700_000).toISOString() }, // ends before it starts
      { startedAt: new Date(now).toISOString(), endedAt: new Date(now + 3_600_000).toISOString() },
      { startedAt: new Date(now - 13 * 3_600_000).toISOString() }, // longer than 12 h
      { hiddenS: 700, blurS: 0 }, // away longer than the session
      { hiddenCount: 0, hiddenS: 10 }, // away without an interruption
      { hiddenCount: -1 },
      { blurCount: 1.5 },
      { startedAt: "yesterday" },
      { clientId: "not-a-uuid" },
      { extra: true },
    ];
    for (const fields of impossible) {
      const r = await send(author.client, report(videoId, fields));
      assert.equal(r.status, 400, JSON.stringify(fields));
      assert.equal((await r.json()).error.code, "invalid_input");
    }
    const secret = await addPlayableVideo(sql, creator.id, { visibility: "private" });
    assert.equal((await send(author.client, report(secret))).status, 404);
    assert.equal((await send(creator.client, report(secret))).status, 200, "the owner may");
    assert.equal((await send(anon, report(videoId))).status, 401);
    const big = { ...report(videoId), padding: "x".repeat(4000) };
    assert.equal((await send(author.client, big)).status, 413);
    const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from focus_sessions`;
    assert.equal(n, 1, "only the owner's report was stored");

    // Rate limit: FOCUS_REPORTS_PER_MINUTE per user and minute.
    let last = 0;
    for (let i = 0; i <= FOCUS_REPORTS_PER_MINUTE; i++) {
      last = (await send(author.client, report(videoId))).status;
    }
    assert.equal(last, 429);
  } finally {
    await services.close();
  }
});

Deno.test("focus mode: the auto-start setting reaches the watch page; creators and admins see figures", async () => {
  const { services, sql, admin, creator, author, anon } = await communityApp({
    ...LIMITS,
    hls: HLS,
  });
  try {
    // With media, so that the watch page has a player (and the toggle).
    const { videoId } = await seedVideoWithMedia(services, { visibility: "public" });
    await sql`update videos set owner_id = ${creator.id}, title = 'Forest' where id = ${videoId}`;
    const watch = async (client: TestClient) =>
      await (await client.request(`/v/${videoId}`)).text();
    // Anonymous viewers get the toggle, with nothing recorded.
    assert.match(await watch(anon), /data-island="FocusToggle"/);
    assert.match(await watch(anon), /&quot;record&quot;:false/);
    assert.match(await watch(author.client), /&quot;autoStart&quot;:false/);

    assert.match(await (await author.client.request("/settings")).text(), /Start videos in focus/);
    const saved = await author.client.request("/settings/focus", { form: { autoStart: "1" } });
    assert.equal(saved.status, 303);
    assert.match(await watch(author.client), /&quot;autoStart&quot;:true/);
    assert.match(
      await (await author.client.request("/settings?saved=focus")).text(),
      /<input type="checkbox" name="autoStart" value="1" checked/,
    );
    const api = await author.client.request("/api/v1/focus-sessions/settings", {
      method: "PUT",
      json: { autoStart: false },
    });
    assert.deepEqual(await api.json(), { autoStart: false });
    assert.match(await watch(author.client), /&quot;autoStart&quot;:false/);

    await send(author.client, report(videoId, { completed: true }));
    await send(admin.client, report(videoId));
    const studio = await (await creator.client.request(`/studio/videos/${videoId}`)).text();
    assert.match(studio, /Focus mode on this video/);
    assert.match(studio, /<dt>Viewers<\/dt><dd>2<\/dd>/);
    assert.match(studio, /<dt>Watched to the end<\/dt><dd>50 %<\/dd>/);
    const dashboard = await (await admin.client.request("/admin")).text();
    assert.match(dashboard, /Focus mode, last \d+ days/);
    assert.match(dashboard, /<dt>Interruptions per session<\/dt><dd>3\.0<\/dd>/);
    // Moderators see the dashboard, not the averages.
    await sql`update users set role = 'moderator' where id = ${author.id}`;
    const moderator = await (await author.client.request("/admin")).text();
    assert.doesNotMatch(moderator, /Focus mode, last/);
  } finally {
    await services.close();
  }
});
