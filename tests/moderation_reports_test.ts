/** Reports end to end: filing (deduplicated, rate-limited), the grouped view, and each action. */
import assert from "node:assert/strict";
import { createApp } from "../app.ts";
import { TestClient } from "./_harness/client.ts";
import { account } from "./_harness/moderation.ts";
import { openTestServices } from "./_harness/services.ts";

Deno.test("reports: filed once per reporter, grouped with counts, dismissed, removed, banned; all audited", async () => {
  const s = await openTestServices();
  const sql = s.db.sql;
  try {
    const app = createApp(s, { rateLimits: { auth: 10_000, apiUser: 10_000, apiIp: 100_000 } });
    const moderator = await account(app, sql, "moderator");
    const admin = await account(app, sql, "admin");
    const creator = await account(app, sql, "creator");
    const alice = await account(app, sql, "viewer");
    const bob = await account(app, sql, "viewer");
    const [video] = await sql`insert into videos (owner_id, title, status, visibility, playable_at)
      values (${creator.id}, 'Reported clip', 'published', 'public', now()) returning id`;
    const report = (c: TestClient, body: Record<string, unknown>) =>
      c.request("/api/v1/reports", { json: body });
    const onVideo = { targetKind: "video", targetId: video.id, reason: "spam" };

    assert.equal((await report(new TestClient(app), onVideo)).status, 401);
    assert.equal((await report(alice.client, { ...onVideo, reason: "boring" })).status, 400);
    assert.equal(
      (await report(alice.client, { ...onVideo, details: "x".repeat(1001) })).status,
      400,
    );
    assert.equal(
      (await report(alice.client, { ...onVideo, targetId: crypto.randomUUID() })).status,
      404,
    );
    assert.equal(
      (await report(alice.client, { ...onVideo, details: "Same link 50 times" })).status,
      201,
    );
    const again = await report(alice.client, onVideo);
    assert.equal(again.status, 200);
    assert.equal((await again.json()).created, false);
    assert.equal((await report(bob.client, { ...onVideo, reason: "misleading" })).status, 201);
    // A comment has no foreign key here: any id can be reported.
    const comment = crypto.randomUUID();
    assert.equal(
      (await report(bob.client, { targetKind: "comment", targetId: comment, reason: "hate" }))
        .status,
      201,
    );
    assert.equal(
      (await report(bob.client, { targetKind: "user", targetId: creator.id, reason: "other" }))
        .status,
      201,
    );

    const groups = (await (await moderator.client.request("/api/v1/admin/reports")).json()).groups;
    assert.equal(groups[0].targetId, video.id);
    assert.equal(groups[0].count, 2);
    assert.deepEqual(groups[0].reasons.sort(), ["misleading", "spam"]);
    assert.equal(groups[0].label, "Reported clip");
    assert.equal(groups.length, 3);
    const page = await (await moderator.client.request("/admin/reports")).text();
    assert.match(page, /Reported clip/);
    assert.match(page, /Same link 50 times/);

    const act = (c: TestClient, targetKind: string, targetId: string, action: string) =>
      c.request("/admin/reports/act", { form: { targetKind, targetId, action } });
    assert.equal((await act(moderator.client, "comment", comment, "remove")).status, 501);
    assert.equal((await act(moderator.client, "comment", comment, "dismiss")).status, 303);
    // Moderators cannot ban admins.
    const [adminVideo] = await sql`insert into videos (owner_id, title, status)
      values (${admin.id}, 'x', 'published') returning id`;
    await sql`insert into reports (reporter_id, target_kind, target_id, reason)
      values (${alice.id}, 'video', ${adminVideo.id}, 'spam')`;
    assert.equal((await act(moderator.client, "video", adminVideo.id, "ban")).status, 403);
    assert.equal((await act(moderator.client, "video", video.id, "remove")).status, 303);
    assert.equal((await sql`select 1 from videos where id = ${video.id}`).length, 0);
    assert.equal((await act(moderator.client, "user", creator.id, "ban")).status, 303);
    const [banned] = await sql`select banned_at from users where id = ${creator.id}`;
    assert.ok(banned.banned_at);
    // A banned user cannot report.
    assert.equal(
      (await report(creator.client, { ...onVideo, targetId: adminVideo.id })).status,
      401,
    );
    const actions = (await sql`select action from audit_log where actor_id = ${moderator.id}
      order by id`).map((r) => r.action);
    assert.deepEqual(actions, ["report.dismiss", "video.delete", "report.remove", "user.ban"]);
    const open = await sql`select target_id from reports where resolved_at is null`;
    assert.deepEqual(open.map((r) => r.target_id), [adminVideo.id]);
  } finally {
    await s.close();
  }
});

Deno.test("reports are rate-limited per user", async () => {
  const s = await openTestServices();
  const sql = s.db.sql;
  try {
    const app = createApp(s, { rateLimits: { auth: 10_000, apiUser: 10_000, apiIp: 100_000 } });
    const alice = await account(app, sql, "viewer");
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const r = await alice.client.request("/api/v1/reports", {
        json: { targetKind: "comment", targetId: crypto.randomUUID(), reason: "spam" },
      });
      statuses.push(r.status);
      await r.body?.cancel();
    }
    assert.deepEqual(statuses, [...Array(10).fill(201), 429]);
  } finally {
    await s.close();
  }
});
