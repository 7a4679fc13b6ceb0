import assert from "node:assert/strict";
import { playbackTokenViewer, signPlaybackToken, verifyPlaybackToken } from "./tokens.ts";

const SECRET = "m".repeat(40);
const V1 = "11111111-1111-4111-8111-111111111111";
const V2 = "22222222-2222-4222-8222-222222222222";

Deno.test("verifyPlaybackToken() accepts a token for its own video until it expires", () => {
  const { token, expiresAt } = signPlaybackToken(SECRET, V1, { expiresIn: 60, now: 1000 });
  assert.equal(expiresAt.getTime(), 1_060_000);
  assert.equal(verifyPlaybackToken(SECRET, V1, { token, now: 1030 }), "ok");
  assert.equal(verifyPlaybackToken(SECRET, V1, { token, now: 1061 }), "expired");
});

Deno.test("verifyPlaybackToken() refuses another video, tampering and garbage", () => {
  const { token } = signPlaybackToken(SECRET, V1, { expiresIn: 60, viewerId: "u1" });
  assert.equal(verifyPlaybackToken(SECRET, V1, { token }), "ok");
  assert.equal(verifyPlaybackToken(SECRET, V2, { token }), "invalid");
  const [exp, viewer, sig] = token.split(".");
  assert.equal(
    verifyPlaybackToken(SECRET, V1, { token: `${Number(exp) + 999}.${viewer}.${sig}` }),
    "invalid",
  );
  assert.equal(verifyPlaybackToken(SECRET, V1, { token: `${exp}.u2.${sig}` }), "invalid");
  assert.equal(verifyPlaybackToken(SECRET, V1, { token: `${exp}..${sig}` }), "invalid");
  assert.equal(verifyPlaybackToken("x".repeat(40), V1, { token }), "invalid");
  for (const t of [undefined, "", "abc", "1.2.3", `${exp}.${viewer}.${sig}x`]) {
    assert.equal(verifyPlaybackToken(SECRET, V1, { token: t }), "invalid");
  }
});

Deno.test("a viewer's playback token carries their token_version, and no token names a viewer without one", () => {
  const viewerId = "33333333-3333-4333-8333-333333333333";
  const { token } = signPlaybackToken(SECRET, V1, { expiresIn: 60, viewerId, tokenVersion: 7 });
  assert.equal(verifyPlaybackToken(SECRET, V1, { token }), "ok");
  assert.deepEqual(playbackTokenViewer(token), { id: viewerId, tokenVersion: 7 });
  // The version is signed: changing it breaks the token.
  assert.equal(verifyPlaybackToken(SECRET, V1, { token: token.replace("_7.", "_8.") }), "invalid");
  const unversioned = signPlaybackToken(SECRET, V1, { expiresIn: 60, viewerId }).token;
  assert.equal(playbackTokenViewer(unversioned), undefined);
  assert.equal(
    playbackTokenViewer(signPlaybackToken(SECRET, V1, { expiresIn: 60 }).token),
    undefined,
  );
});
