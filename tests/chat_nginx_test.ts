/**
 * Live chat behind the shipped nginx configuration (deploy/nginx): the
 * WebSocket upgrade passes through the load balancer to either instance, and a
 * message posted by a socket on one reaches a socket on the other.
 */
import assert from "node:assert/strict";
import { chatPair, ChatSocket, tokenUser } from "./_harness/chat.ts";
import { startNginx } from "./_harness/nginx.ts";

Deno.test("chat through deploy/nginx: sockets upgrade through the balancer and hear each other", async () => {
  const pair = await chatPair("postgres");
  const hosts = pair.http.map((h) => h.replace("http://", ""));
  const nginx = await startNginx(hosts);
  const sockets: ChatSocket[] = [];
  try {
    const alice = await tokenUser(pair.apps[0], "Alice");
    const url = `${nginx.url.replace("http", "ws")}/api/v1/videos/${pair.videoId}/chat/socket`;
    // The Origin a browser on the site sends: PUBLIC_URL's, whatever address nginx listens on.
    const origin = { origin: new URL(pair.services.config.publicUrl).origin };
    // Several readers, so that least_conn spreads them over both instances.
    for (let i = 0; i < 4; i++) sockets.push(new ChatSocket(url, { headers: origin }));
    const writer = new ChatSocket(url, { headers: { ...origin, ...alice.headers } });
    sockets.push(writer);
    assert.equal((await writer.next("welcome")).you.canPost, true);
    for (const s of sockets) await s.next("welcome");
    writer.send({ type: "send", body: "through nginx", nonce: "n1" });
    const ack = await writer.next("ack", (f) => f.nonce === "n1");
    for (const s of sockets) {
      const seen = await s.next("message", (f) => f.message.id === ack.messageId);
      assert.equal(seen.message.body, "through nginx");
    }
  } finally {
    for (const s of sockets) await s.close();
    await nginx.stop();
    await pair.close();
  }
});
