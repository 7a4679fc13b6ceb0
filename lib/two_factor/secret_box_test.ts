import assert from "node:assert/strict";
import { hashRecoveryCode, openSecret, sealSecret, twoFactorKeys } from "./secret_box.ts";

const keys = twoFactorKeys(new TextEncoder().encode("an auth secret of forty characters......"));
const user = "6f1c2b1e-8a40-4d5e-9f0a-2b3c4d5e6f70";

Deno.test("a sealed secret opens only for its user and its key, and differs every time", () => {
  const box = sealSecret(keys, "JBSWY3DPEHPK3PXP", user);
  assert.ok(!box.includes("JBSWY3DPEHPK3PXP"));
  assert.notEqual(sealSecret(keys, "JBSWY3DPEHPK3PXP", user), box, "a fresh IV each time");
  assert.equal(openSecret(keys, box, user), "JBSWY3DPEHPK3PXP");
  assert.equal(openSecret(keys, box, "00000000-0000-4000-8000-000000000000"), undefined);
  const other = twoFactorKeys(new TextEncoder().encode("another auth secret................."));
  assert.equal(openSecret(other, box, user), undefined);
  const [v, iv, body] = box.split(".");
  const flipped = body.slice(0, -2) + (body.at(-2) === "A" ? "B" : "A") + body.at(-1);
  assert.equal(openSecret(keys, `${v}.${iv}.${flipped}`, user), undefined, "tampering is seen");
  for (const junk of ["", "v1", "v1..", "v2.a.b", "v1.a.b.c", `v1.${iv}.AAAA`]) {
    assert.equal(openSecret(keys, junk, user), undefined, junk);
  }
});

Deno.test("recovery-code hashes are keyed: the same code hashes differently under another key", () => {
  const other = twoFactorKeys(new TextEncoder().encode("another auth secret................."));
  const code = "abcd-efgh-jkmn-pqrs";
  assert.equal(hashRecoveryCode(keys, code), hashRecoveryCode(keys, code));
  assert.notEqual(hashRecoveryCode(keys, code), hashRecoveryCode(other, code));
  assert.match(hashRecoveryCode(keys, code), /^[0-9a-f]{64}$/);
});
