import assert from "node:assert/strict";
import { newRecoveryCodes, normaliseRecoveryCode, RECOVERY_CODE_COUNT } from "./recovery_codes.ts";

Deno.test("recovery codes: ten distinct codes in four groups, read back however they are typed", () => {
  const codes = newRecoveryCodes();
  assert.equal(codes.length, RECOVERY_CODE_COUNT);
  assert.equal(new Set(codes).size, RECOVERY_CODE_COUNT);
  for (const code of codes) {
    assert.match(code, /^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    assert.equal(normaliseRecoveryCode(code), code);
    assert.equal(normaliseRecoveryCode(code.toUpperCase().replaceAll("-", " ")), code);
    assert.equal(normaliseRecoveryCode(code.replaceAll("-", "")), code);
  }
  for (const junk of ["", "123456", "abcd-efgh-jkmn", "abcd-efgh-jkmn-pqr0", "x".repeat(40)]) {
    assert.equal(normaliseRecoveryCode(junk), undefined, junk);
  }
});
