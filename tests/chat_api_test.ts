/** Live chat over HTTP (routes/api/v1/chat.ts) through app.request(): reading, posting, moderation, replay. */
import assert from "node:assert/strict";
import { closeChatRoom, openChatRoom } from "../lib/chat/mod.ts";
import { replaceBlockedWords } from "../lib/comments/blocked_words.ts";
import type { AppOptions } from "../app.ts";
import { communityApp } from "./_harness/community.ts";
import type { TestClient } from "./_harness/client.ts";

async function chatApp(options: AppOptions = {}) {
  const t = await communityApp(options);
  await openChatRoom(t.sql, t.videoId);
  const base = `/api/v1/videos/${t.videoId}/chat`;
  const say = (client: TestClient, body: unknown) =>
    client.request(`${base}/messages`, { json: { body } });
  return { ...t, base, say };
}

async function errorOf(res: Response): Promise<{ code: string; message: string }> {
  return (await res.json()).error;
}

Deno.test("chat: anyone who may see the video reads; posting needs sign-in; text comes out inert", async () => {
  const t = await chatApp();
  try {
    const anon = await t.anon.request(t.base);
    assert.equal(anon.status, 200);
    const state = await anon.json();
    assert.equal(state.room.open, true);
    assert.equal(state.you.canPost, false);
    assert.equal(state.you.reason, "Sign in to chat.");
    assert.equal((await t.say(t.anon, "hello")).status, 401);

    const posted = await t.say(
      t.author.client,
      "  <img src=x onerror=alert(1)>\u0007 hi\u202e\n there ",
    );
    assert.equal(posted.status, 201);
    const { message } = await posted.json();
    assert.equal(message.body, "<img src=x onerror=alert(1)> hi there");
    assert.equal(message.author.name, "Author");
    assert.ok(message.offsetMs >= 0);

    assert.equal((await t.say(t.author.client, "\u0001\u0002  \n")).status, 400);
    assert.equal((await t.say(t.author.client, "x".repeat(501))).status, 400);
    assert.equal((await t.say(t.author.client, "é".repeat(500))).status, 201);
    assert.equal((await t.say(t.author.client, 42)).status, 400);

    const read = await (await t.other.client.request(t.base)).json();
    assert.deepEqual(read.messages.map((m: { body: string }) => m.body.slice(0, 4)), [
      "<img",
      "éééé",
    ]);
    assert.equal(read.you.canPost, true);
  } finally {
    await t.services.close();
  }
});

Deno.test("chat: a private video's chat is 404 for others; no room is 404", async () => {
  const t = await chatApp();
  try {
    await t.sql`update videos set visibility = 'private' where id = ${t.videoId}`;
    assert.equal((await t.other.client.request(t.base)).status, 404);
    assert.equal((await t.say(t.other.client, "hi")).status, 404);
    assert.equal((await t.creator.client.request(t.base)).status, 200);
    const [v] = await t.sql<{ id: string }[]>`
      insert into videos (owner_id, title, visibility, status) values (${t.creator.id}, 'x',
        'public', 'ready') returning id`;
    assert.equal((await t.creator.client.request(`/api/v1/videos/${v.id}/chat`)).status, 404);
  } finally {
    await t.services.close();
  }
});

Deno.test("chat: blocked words, the per-user rate limit and slow mode refuse a message", async () => {
  const t = await chatApp({ chat: { perUser: 3 } });
  try {
    await replaceBlockedWords(t.sql, ["Badword"]);
    const blocked = await t.say(t.author.client, "you BADWORD!");
    assert.equal(blocked.status, 400);
    assert.match((await errorOf(blocked)).message, /not allowed/);
    for (let i = 0; i < 3; i++) assert.equal((await t.say(t.author.client, `m${i}`)).status, 201);
    const flood = await t.say(t.author.client, "one more");
    assert.equal(flood.status, 429);
    assert.ok(Number(flood.headers.get("retry-after")) >= 1);

    const other = t.other.client;
    assert.equal(
      (await other.request(`${t.base}/settings`, { method: "PUT", json: { slowModeS: 30 } }))
        .status,
      403,
    );
    const set = await t.creator.client.request(`${t.base}/settings`, {
      method: "PUT",
      json: { slowModeS: 30 },
    });
    assert.equal(set.status, 200);
    assert.equal((await set.json()).room.slowModeS, 30);
    assert.equal((await t.say(other, "first")).status, 201);
    const slow = await t.say(other, "second");
    assert.equal(slow.status, 429);
    assert.match((await errorOf(slow)).message, /Slow mode/);
    // The creator is not slowed down.
    assert.equal((await t.say(t.creator.client, "a")).status, 201);
    assert.equal((await t.say(t.creator.client, "b")).status, 201);
    const bad = await t.creator.client.request(`${t.base}/settings`, {
      method: "PUT",
      json: { slowModeS: 99999 },
    });
    assert.equal(bad.status, 400);
  } finally {
    await t.services.close();
  }
});

Deno.test("chat: followers-only lets followers, the creator and moderators post", async () => {
  const t = await chatApp();
  try {
    await t.creator.client.request(`${t.base}/settings`, {
      method: "PUT",
      json: { followersOnly: true },
    });
    const refused = await t.say(t.other.client, "hi");
    assert.equal(refused.status, 403);
    assert.match((await errorOf(refused)).message, /followers/i);
    const followed = await t.other.client.request(`/api/v1/users/${t.creator.id}/follow`, {
      method: "PUT",
    });
    assert.equal(followed.status, 200);
    assert.equal((await t.say(t.other.client, "hi")).status, 201);
    assert.equal((await t.say(t.creator.client, "welcome")).status, 201);
    assert.equal((await t.say(t.admin.client, "admin here")).status, 201);
  } finally {
    await t.services.close();
  }
});

Deno.test("chat: delete, time out, ban (purges) and lift; the creator cannot be restricted", async () => {
  const t = await chatApp();
  try {
    const m1 = (await (await t.say(t.author.client, "one")).json()).message;
    const m2 = (await (await t.say(t.author.client, "two")).json()).message;
    const del = (c: TestClient, id: number) =>
      c.request(`${t.base}/messages/${id}`, { method: "DELETE" });
    assert.equal((await del(t.other.client, m1.id)).status, 403);
    assert.equal((await del(t.creator.client, m1.id)).status, 204);
    assert.equal((await del(t.creator.client, m1.id)).status, 404);
    assert.equal((await del(t.author.client, m2.id)).status, 204);
    assert.equal((await del(t.creator.client, 999999)).status, 404);
    assert.equal(
      (await t.creator.client.request(`${t.base}/messages/abc`, { method: "DELETE" }))
        .status,
      400,
    );
    const after = await (await t.anon.request(t.base)).json();
    assert.deepEqual(after.messages, []);
    assert.deepEqual(after.deleted, [m1.id, m2.id]);

    const restrict = (c: TestClient, userId: string, durationS: number | null) =>
      c.request(`${t.base}/restrictions/${userId}`, { method: "PUT", json: { durationS } });
    assert.equal((await restrict(t.other.client, t.author.id, 60)).status, 403);
    const timeout = await restrict(t.creator.client, t.author.id, 600);
    assert.equal(timeout.status, 200);
    assert.ok((await timeout.json()).restriction.until);
    const muted = await t.say(t.author.client, "still here?");
    assert.equal(muted.status, 403);
    assert.match((await errorOf(muted)).message, /timed out/);
    assert.equal(
      (await t.creator.client.request(`${t.base}/restrictions/${t.author.id}`, {
        method: "DELETE",
      })).status,
      204,
    );
    assert.equal((await t.say(t.author.client, "back")).status, 201);

    // A site moderator bans: the user's messages leave the room.
    await t.sql`update users set role = 'moderator' where id = ${t.other.id}`;
    const ban = await restrict(t.other.client, t.author.id, null);
    assert.equal(ban.status, 200);
    assert.equal((await ban.json()).restriction.until, null);
    const state = await (await t.author.client.request(t.base)).json();
    assert.equal(state.you.banned, true);
    assert.equal(state.you.canPost, false);
    assert.deepEqual(state.messages, []);
    assert.equal((await t.say(t.author.client, "x")).status, 403);
    assert.equal((await restrict(t.other.client, t.creator.id, null)).status, 403);
    assert.equal((await restrict(t.creator.client, t.other.id, 60)).status, 403);
  } finally {
    await t.services.close();
  }
});

Deno.test("chat: a closed room refuses posts and replays its messages at their offsets", async () => {
  const t = await chatApp();
  try {
    await t.say(t.author.client, "early");
    // The room opened, and "early" was said, ten minutes ago.
    await t.sql`update chat_rooms set opened_at = opened_at - interval '10 minutes'
      where video_id = ${t.videoId}`;
    await t.sql`update chat_messages set created_at = created_at - interval '10 minutes'
      where video_id = ${t.videoId}`;
    await t.say(t.author.client, "late");
    const closed = await closeChatRoom(t.sql, t.videoId);
    assert.equal(closed.open, false);
    const refused = await t.say(t.author.client, "after");
    assert.equal(refused.status, 409);

    const all = await (await t.anon.request(`${t.base}/replay`)).json();
    assert.deepEqual(all.messages.map((m: { body: string }) => m.body), ["early", "late"]);
    const [early, late] = all.messages;
    assert.ok(late.offsetMs - early.offsetMs >= 599_000);
    const from = await (await t.anon.request(`${t.base}/replay?fromMs=300000`)).json();
    assert.deepEqual(from.messages.map((m: { body: string }) => m.body), ["late"]);
    const paged = await (await t.anon.request(`${t.base}/replay?limit=1`)).json();
    assert.equal(paged.messages.length, 1);
    const next = await (await t.anon.request(`${t.base}/replay?limit=1&cursor=${paged.nextCursor}`))
      .json();
    assert.deepEqual(next.messages.map((m: { body: string }) => m.body), ["late"]);
    assert.equal(next.nextCursor, null);
    assert.equal((await t.anon.request(`${t.base}/replay?limit=5000`)).status, 400);
    // Reopening (the encoder came back) keeps the same session's offsets.
    await openChatRoom(t.sql, t.videoId);
    assert.equal((await t.say(t.author.client, "again")).status, 201);
  } finally {
    await t.services.close();
  }
});

Deno.test("chat socket over plain HTTP is 400; from another site's page 403", async () => {
  const t = await chatApp();
  try {
    const plain = await t.anon.request(`${t.base}/socket`);
    assert.equal(plain.status, 400);
    const cross = await t.anon.request(`${t.base}/socket`, {
      headers: { upgrade: "websocket", origin: "https://evil.example" },
    });
    assert.equal(cross.status, 403);
    const page = await t.anon.request(`/v/${t.videoId}/chat`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /data-island="LiveChat"/);
  } finally {
    await t.services.close();
  }
});
