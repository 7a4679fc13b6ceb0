/**
 * Live chat across two web instances over real WebSockets: a message posted
 * through one reaches sockets on the other (PostgreSQL: LISTEN/NOTIFY;
 * embedded PGlite: polling), moderation crosses too, a dropped client resumes,
 * and hostile frames (10 KB, floods, binary, markup, other sites) are refused.
 */
import assert from "node:assert/strict";
import { CHAT_CLOSE } from "../lib/shared/chat.ts";
import { chatPair, ChatSocket, tokenUser } from "./_harness/chat.ts";

for (const kind of ["postgres", "embedded"] as const) {
  Deno.test(`chat fan-out (${kind}): posted on A, read on B; deletions and bans cross too`, async () => {
    const pair = await chatPair(kind);
    const sockets: ChatSocket[] = [];
    const open = (url: string, headers?: Record<string, string>) => {
      const s = new ChatSocket(url, { headers });
      sockets.push(s);
      return s;
    };
    try {
      const [a, b] = pair.apps;
      const alice = await tokenUser(a, "Alice");
      const owner = await tokenUser(b, "Bob");
      await pair.services.db.sql`update users set role = 'moderator' where id = ${owner.id}`;
      const writer = open(pair.ws[0], alice.headers);
      const reader = open(pair.ws[1]);
      const moderator = open(pair.ws[1], owner.headers);
      const welcome = await writer.next("welcome");
      assert.equal(welcome.you.canPost, true);
      const anonymous = await reader.next("welcome");
      assert.equal(anonymous.you.canPost, false);
      await moderator.next("welcome");

      writer.send({ type: "send", body: "<script>alert(1)</script> hello\u0000", nonce: "n1" });
      const ack = await writer.next("ack", (f) => f.nonce === "n1");
      const seen = await reader.next("message", (f) => f.message.id === ack.messageId);
      assert.equal(seen.message.body, "<script>alert(1)</script> hello");
      assert.equal(seen.message.author.id, alice.id);

      // An anonymous reader cannot post.
      reader.send({ type: "send", body: "hi", nonce: "x" });
      assert.equal((await reader.next("error", (f) => f.nonce === "x")).code, "unauthenticated");

      // Deleted over HTTP on instance B: the socket on A hears it.
      const del = await fetch(
        `${pair.http[1]}/api/v1/videos/${pair.videoId}/chat/messages/${ack.messageId}`,
        {
          method: "DELETE",
          headers: owner.headers,
        },
      );
      assert.equal(del.status, 204);
      await writer.next("deleted", (f) => f.messageId === ack.messageId);

      // Banned on B: A's socket learns it and its user can no longer post.
      const ban = await fetch(
        `${pair.http[1]}/api/v1/videos/${pair.videoId}/chat/restrictions/${alice.id}`,
        {
          method: "PUT",
          headers: { ...owner.headers, "content-type": "application/json" },
          body: JSON.stringify({ durationS: null }),
        },
      );
      assert.equal(ban.status, 200);
      await writer.next("purged", (f) => f.userId === alice.id);
      const you = await writer.next("abilities", (f) => f.you.banned);
      assert.equal(you.you.canPost, false);
      writer.send({ type: "send", body: "still here", nonce: "n2" });
      assert.equal((await writer.next("error", (f) => f.nonce === "n2")).code, "forbidden");

      // Slow mode set on A reaches B's sockets.
      const slow = await fetch(`${pair.http[0]}/api/v1/videos/${pair.videoId}/chat/settings`, {
        method: "PUT",
        headers: { ...owner.headers, "content-type": "application/json" },
        body: JSON.stringify({ slowModeS: 10 }),
      });
      assert.equal(slow.status, 200);
      await reader.next("settings", (f) => f.room.slowModeS === 10);
    } finally {
      await Promise.all(sockets.map((s) => s.close()));
      await pair.close();
    }
  });
}

Deno.test("chat socket: a dropped client resumes with the messages it missed", async () => {
  const pair = await chatPair("postgres");
  const sockets: ChatSocket[] = [];
  try {
    const alice = await tokenUser(pair.apps[0], "Alice");
    const writer = new ChatSocket(pair.ws[0], { headers: alice.headers });
    sockets.push(writer);
    await writer.next("welcome");
    const reader = new ChatSocket(pair.ws[1]);
    sockets.push(reader);
    await reader.next("welcome");
    writer.send({ type: "send", body: "before", nonce: "1" });
    const first = await reader.next("message");
    await reader.close();
    for (const n of ["2", "3"]) {
      writer.send({ type: "send", body: `missed ${n}`, nonce: n });
      await writer.next("ack", (f) => f.nonce === n);
    }
    const back = new ChatSocket(`${pair.ws[1]}?after=${first.message.id}`);
    sockets.push(back);
    const welcome = await back.next("welcome");
    assert.deepEqual(welcome.messages.map((m) => m.body), ["missed 2", "missed 3"]);
  } finally {
    await Promise.all(sockets.map((s) => s.close()));
    await pair.close();
  }
});

Deno.test("chat socket: 10 KB frames, floods, binary frames, idle clients and other sites are refused", async () => {
  const pair = await chatPair("postgres", {
    chat: { socketLimits: { heartbeatMs: 300, idleMs: 1200, maxFrames: 10 } },
  });
  const sockets: ChatSocket[] = [];
  const open = (options: { headers?: Record<string, string>; pong?: boolean } = {}) => {
    const s = new ChatSocket(pair.ws[0], options);
    sockets.push(s);
    return s;
  };
  try {
    const alice = await tokenUser(pair.apps[0], "Alice");
    const big = open({ headers: alice.headers });
    await big.next("welcome");
    big.send({ type: "send", body: "x".repeat(10_000) });
    assert.equal((await big.closed).code, 1009);

    // It answers no heartbeat: a pong to a server ping would be one more frame in the window.
    const flood = open({ headers: alice.headers, pong: false });
    await flood.next("welcome");
    // One frame over the cap (10 per window): closed, having answered the first ten only.
    for (let i = 0; i < 11; i++) flood.send({ type: "ping" });
    assert.equal((await flood.closed).code, CHAT_CLOSE.flood);
    assert.equal(flood.frames.filter((f) => f.type === "pong").length, 10);

    const binary = open();
    await binary.next("welcome");
    binary.ws.send(new Uint8Array([1, 2, 3]));
    assert.equal((await binary.closed).code, 1003);

    const junk = open();
    await junk.next("welcome");
    junk.send("{not json");
    assert.equal((await junk.next("error")).code, "invalid_input");

    const idle = open({ pong: false });
    await idle.next("welcome");
    assert.equal((await idle.closed).code, CHAT_CLOSE.idle);

    // A page on another site cannot open the socket with the visitor's cookies.
    const cross = open({ headers: { origin: "https://evil.example" } });
    const closed = await cross.closed;
    assert.notEqual(closed.code, 1000);
    assert.equal(cross.frames.length, 0);

    // An unknown room is refused before the upgrade.
    const none = new ChatSocket(pair.ws[0].replace(pair.videoId, crypto.randomUUID()));
    sockets.push(none);
    await none.closed;
    assert.equal(none.frames.length, 0);
  } finally {
    await Promise.all(sockets.map((s) => s.close()));
    await pair.close();
  }
});

Deno.test("chat socket: the heartbeat's access re-check never undoes newer settings (slow mode holds)", async () => {
  const pair = await chatPair("postgres", { chat: { socketLimits: { heartbeatMs: 100 } } });
  const sockets: ChatSocket[] = [];
  try {
    const alice = await tokenUser(pair.apps[0], "Alice");
    const owner = await tokenUser(pair.apps[0], "Mod");
    await pair.services.db.sql`update users set role = 'moderator' where id = ${owner.id}`;
    const writer = new ChatSocket(pair.ws[0], { headers: alice.headers });
    sockets.push(writer);
    await writer.next("welcome");
    // Let a few beats cache the room as it was (no slow mode).
    await writer.next("ping");
    const set = await fetch(`${pair.http[1]}/api/v1/videos/${pair.videoId}/chat/settings`, {
      method: "PUT",
      headers: { ...owner.headers, "content-type": "application/json" },
      body: JSON.stringify({ slowModeS: 60 }),
    });
    assert.equal(set.status, 200);
    await writer.next("settings", (f) => f.room.slowModeS === 60);
    // Several beats later (each answered from the older cached check) slow mode still holds.
    const pings = () => writer.frames.filter((f) => f.type === "ping").length;
    const seen = pings();
    while (pings() < seen + 3) await writer.next("ping", () => pings() >= seen + 3, 5000);
    writer.send({ type: "send", body: "first", nonce: "1" });
    await writer.next("ack", (f) => f.nonce === "1");
    writer.send({ type: "send", body: "second", nonce: "2" });
    const refused = await writer.next("error", (f) => f.nonce === "2");
    assert.equal(refused.code, "rate_limited");
    assert.match(refused.message, /Slow mode/);
  } finally {
    await Promise.all(sockets.map((s) => s.close()));
    await pair.close();
  }
});
