import assert from "node:assert/strict";
import { parseFrame } from "./socket.ts";

Deno.test("parseFrame accepts only the client's frames", () => {
  assert.deepEqual(parseFrame('{"type":"send","body":"hi","nonce":"n1"}'), {
    type: "send",
    body: "hi",
    nonce: "n1",
  });
  assert.deepEqual(parseFrame('{"type":"pong","extra":1}'), { type: "pong" });
  assert.equal(parseFrame('{"type":"send","body":5}'), undefined);
  assert.equal(parseFrame('{"type":"welcome"}'), undefined);
  assert.equal(parseFrame("not json"), undefined);
  assert.equal(parseFrame("null"), undefined);
  assert.equal(parseFrame("[1]"), undefined);
  // A nonce too long to echo back is dropped, the message kept.
  assert.equal(
    (parseFrame(JSON.stringify({ type: "send", body: "x", nonce: "n".repeat(65) })) as {
      nonce?: string;
    }).nonce,
    undefined,
  );
});
