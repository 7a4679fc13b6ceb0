import assert from "node:assert/strict";
import { Hono } from "hono";
import { clientIp } from "./rate_limit.ts";

async function ipOf(headers: Record<string, string>, trustProxy: boolean): Promise<string> {
  const app = new Hono().get("/", (c) => c.text(clientIp(c, { trustProxy })));
  const env = { remoteAddr: { hostname: "192.0.2.1" } };
  return await (await app.request("/", { headers }, env)).text();
}

Deno.test("clientIp() takes the hop the trusted proxy appended, not what the client sent", async () => {
  // nginx's $proxy_add_x_forwarded_for appends the peer it saw to the client's own header.
  assert.equal(await ipOf({ "x-forwarded-for": "6.6.6.6, 203.0.113.7" }, true), "203.0.113.7");
  assert.equal(await ipOf({ "x-forwarded-for": "203.0.113.7" }, true), "203.0.113.7");
  assert.equal(await ipOf({ "x-forwarded-for": "2001:db8::1" }, true), "2001:db8::1");
  // Garbage in the last hop, or no proxy trusted: the socket's peer.
  assert.equal(await ipOf({ "x-forwarded-for": "1.1.1.1, evil" }, true), "192.0.2.1");
  assert.equal(await ipOf({ "x-forwarded-for": "203.0.113.7" }, false), "192.0.2.1");
});
