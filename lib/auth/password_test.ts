import assert from "node:assert/strict";
import { hashPassword, passwordProblem, verifyPassword } from "./password.ts";

Deno.test("hashPassword() makes argon2id hashes that verifyPassword() accepts, NFC-normalised", async () => {
  const h = await hashPassword("Crème brûlée at noon");
  assert.match(h, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  assert.equal(await verifyPassword(h, "Crème brûlée at noon".normalize("NFD")), true);
  assert.equal(await verifyPassword(h, "creme brulee at noon"), false);
  assert.notEqual(await hashPassword("Crème brûlée at noon"), h, "salted");
});

Deno.test("verifyPassword() without a hash (unknown account) still works, and says no", async () => {
  assert.equal(await verifyPassword(undefined, "anything at all"), false);
  assert.equal(await verifyPassword("not-a-phc-string", "anything at all"), false);
});

Deno.test("passwordProblem() refuses short, common and personal passwords", () => {
  assert.match(passwordProblem("short")!, /at least 10/);
  assert.match(passwordProblem("password123")!, /common/);
  assert.match(passwordProblem("Qwerty123456!")!, /common/);
  assert.match(passwordProblem("aaaaaaaaaaaa")!, /common/);
  assert.match(passwordProblem("ada.lovelace", { email: "ada.lovelace@example.com" })!, /email/);
  assert.equal(passwordProblem("correct horse battery staple"), undefined);
  assert.equal(passwordProblem("🎬🎥📽️ movie night 🍿"), undefined);
});
