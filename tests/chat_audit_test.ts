/**
 * Chat moderation goes to the audit log (lib/chat/moderate.ts, rooms.ts):
 * who deleted whose message, timed out, banned or lifted whom (with the reason
 * given), and which settings changed from what to what; an author deleting
 * their own message and refused actions leave no entry; /admin/audit finds them.
 */
import assert from "node:assert/strict";
import { openChatRoom } from "../lib/chat/mod.ts";
import type { Sql } from "../lib/db/mod.ts";
import type { TestClient } from "./_harness/client.ts";
import { communityApp } from "./_harness/community.ts";

async function entries(sql: Sql) {
  return [
    ...await sql<
      {
        actor_id: string;
        actor_name: string;
        action: string;
        target_kind: string;
        target_id: string;
        details: Record<string, unknown>;
        ip: string | null;
        request_id: string | null;
      }[]
    >`select actor_id, actor_name, action, target_kind, target_id, details, ip, request_id
    from audit_log where action like 'chat.%' order by id`,
  ];
}

Deno.test("chat moderation is audited: who, what, whom, the reason; nothing for one's own or refused acts", async () => {
  const t = await communityApp();
  try {
    await openChatRoom(t.sql, t.videoId);
    const base = `/api/v1/videos/${t.videoId}/chat`;
    const say = async (c: TestClient, body: string) =>
      (await (await c.request(`${base}/messages`, { json: { body } })).json()).message;
    const del = (c: TestClient, id: number) =>
      c.request(`${base}/messages/${id}`, { method: "DELETE" });
    const restrict = (c: TestClient, userId: string, json: unknown) =>
      c.request(`${base}/restrictions/${userId}`, { method: "PUT", json });
    const settings = (c: TestClient, json: unknown) =>
      c.request(`${base}/settings`, { method: "PUT", json });

    const own = await say(t.author.client, "oops");
    const rude = await say(t.author.client, "rude");
    assert.equal((await del(t.author.client, own.id)).status, 204);
    assert.equal((await del(t.other.client, rude.id)).status, 403);
    assert.equal((await restrict(t.other.client, t.author.id, { durationS: 60 })).status, 403);
    assert.equal((await settings(t.other.client, { slowModeS: 5 })).status, 403);
    assert.deepEqual(await entries(t.sql), [], "own deletions and refusals are not recorded");

    assert.equal((await del(t.creator.client, rude.id)).status, 204);
    const timeout = await restrict(t.creator.client, t.author.id, {
      durationS: 600,
      reason: "Insults",
    });
    assert.equal(timeout.status, 200);
    const until = (await timeout.json()).restriction.until;
    const lift = await t.creator.client.request(`${base}/restrictions/${t.author.id}`, {
      method: "DELETE",
    });
    assert.equal(lift.status, 204);
    await t.sql`update users set role = 'moderator' where id = ${t.other.id}`;
    assert.equal((await restrict(t.other.client, t.author.id, { durationS: null })).status, 200);
    assert.equal((await settings(t.creator.client, { slowModeS: 30 })).status, 200);
    assert.equal((await settings(t.other.client, { followersOnly: true })).status, 200);
    assert.equal((await settings(t.other.client, { followersOnly: true })).status, 200);

    const log = await entries(t.sql);
    for (const e of log) {
      assert.ok(e.ip, `${e.action}: address`);
      assert.match(e.request_id ?? "", /^[\w.-]{8,}$/, `${e.action}: request id`);
    }
    const room = { videoId: t.videoId, creatorId: t.creator.id };
    assert.deepEqual(
      log.map(({ ip: _ip, request_id: _r, ...e }) => e),
      [
        {
          actor_id: t.creator.id,
          actor_name: "Creator",
          action: "chat.delete",
          target_kind: "user",
          target_id: t.author.id,
          details: { videoId: t.videoId, messageId: rude.id },
        },
        {
          actor_id: t.creator.id,
          actor_name: "Creator",
          action: "chat.timeout",
          target_kind: "user",
          target_id: t.author.id,
          details: { ...room, until, durationS: 600, reason: "Insults" },
        },
        {
          actor_id: t.creator.id,
          actor_name: "Creator",
          action: "chat.lift",
          target_kind: "user",
          target_id: t.author.id,
          details: room,
        },
        {
          actor_id: t.other.id,
          actor_name: "Other",
          action: "chat.ban",
          target_kind: "user",
          target_id: t.author.id,
          details: room,
        },
        {
          actor_id: t.creator.id,
          actor_name: "Creator",
          action: "chat.settings",
          target_kind: "video",
          target_id: t.videoId,
          details: { slowModeS: { from: 0, to: 30 } },
        },
        {
          actor_id: t.other.id,
          actor_name: "Other",
          action: "chat.settings",
          target_kind: "video",
          target_id: t.videoId,
          details: { followersOnly: { from: false, to: true } },
        },
      ],
    );
    // Admins find them on /admin/audit by action.
    const page = await t.admin.client.request("/admin/audit?action=chat.timeout");
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Insults/);
  } finally {
    await t.services.close();
  }
});
