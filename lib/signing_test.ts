import assert from "node:assert/strict";
import { sign, verify } from "./signing.ts";

const SECRET = "x".repeat(32);

Deno.test("verify() accepts what sign() produced for the same purpose and fields", () => {
  const s = sign(SECRET, "part", { fields: ["u1", "3"], exp: 2_000_000_000 });
  assert.equal(verify(SECRET, "part", { fields: ["u1", "3"], ...s }), "ok");
});

Deno.test("verify() refuses another purpose, other fields, another secret or a changed expiry", () => {
  const s = sign(SECRET, "part", { fields: ["u1", "3"], exp: 2_000_000_000 });
  assert.equal(verify(SECRET, "get", { fields: ["u1", "3"], ...s }), "invalid");
  assert.equal(verify(SECRET, "part", { fields: ["u1", "4"], ...s }), "invalid");
  assert.equal(verify(SECRET, "part", { fields: ["u13", ""], ...s }), "invalid");
  assert.equal(verify("y".repeat(32), "part", { fields: ["u1", "3"], ...s }), "invalid");
  assert.equal(
    verify(SECRET, "part", { fields: ["u1", "3"], sig: s.sig, exp: s.exp + 1 }),
    "invalid",
  );
  assert.equal(
    verify(SECRET, "part", { fields: ["u1", "3"], sig: "short", exp: s.exp }),
    "invalid",
  );
});

Deno.test("verify() reports an expired signature as expired", () => {
  const s = sign(SECRET, "get", { fields: ["k"], exp: 1000 });
  assert.equal(verify(SECRET, "get", { fields: ["k"], ...s, now: 1001 }), "expired");
  assert.equal(verify(SECRET, "get", { fields: ["k"], ...s, now: 1000 }), "ok");
});
