import assert from "node:assert/strict";
import { matchTotp, newTotpSecret, PERIOD, provisioningUri, totpCode } from "./totp.ts";

// RFC 6238 appendix B: the SHA-1 secret "12345678901234567890", 8 digits; ours are the last 6.
const RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

Deno.test("TOTP codes match RFC 6238's test vectors (last six digits)", () => {
  const vectors: [number, string][] = [
    [59, "287082"],
    [1111111109, "081804"],
    [1111111111, "050471"],
    [1234567890, "005924"],
    [2000000000, "279037"],
  ];
  for (const [t, code] of vectors) assert.equal(totpCode(RFC_SECRET, { now: t * 1000 }), code);
});

Deno.test("a code matches its own step and one either side, not two away", () => {
  const secret = newTotpSecret();
  const now = 1_800_000_000_000;
  const step = Math.floor(now / 1000 / PERIOD);
  const at = (offset: number) => totpCode(secret, { now: now + offset * PERIOD * 1000 });
  assert.equal(matchTotp(secret, at(0), { now }), step);
  assert.equal(matchTotp(secret, at(-1), { now }), step - 1);
  assert.equal(matchTotp(secret, at(1), { now }), step + 1);
  assert.equal(matchTotp(secret, at(-2), { now }), undefined);
  assert.equal(matchTotp(secret, at(2), { now }), undefined);
  for (const junk of ["", "12345", "1234567", "abcdef", " 123456"]) {
    assert.equal(matchTotp(secret, junk, { now }), undefined, junk);
  }
});

Deno.test("the provisioning URI names the issuer and account and carries the secret", () => {
  const secret = newTotpSecret();
  assert.match(secret, /^[A-Z2-7]{32}$/);
  const uri = provisioningUri(secret, { issuer: "VideoFlow", account: "a@example.com" });
  const url = new URL(uri);
  assert.equal(url.protocol, "otpauth:");
  assert.equal(url.searchParams.get("secret"), secret);
  assert.equal(url.searchParams.get("issuer"), "VideoFlow");
  assert.equal(url.searchParams.get("digits"), "6");
  assert.equal(url.searchParams.get("period"), "30");
  assert.match(decodeURIComponent(url.pathname), /VideoFlow:a@example.com$/);
});
