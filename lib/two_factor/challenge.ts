import { signJwt, verifyJwt } from "../jwt.ts";
import type { SignInAttempt } from "../auth/sign_in_limits.ts";

/** A second-factor challenge lives this long (seconds): time to open the app and type a code. */
export const CHALLENGE_TTL = 5 * 60;

// Not the access tokens' audience: a challenge is never accepted as an access token, nor back.
const AUDIENCE = "videoflow:second-factor";

/** What a challenge proves: this user gave the right password moments ago. */
export interface ChallengeClaims {
  userId: string;
  tokenVersion: number;
  /** The password step's sign-in slots, given back when the second step succeeds. */
  attempt: SignInAttempt;
  /** The challenge's id: used once. */
  id: string;
}

/** Signs a short-lived challenge (HS256, its own audience) after a right password. */
export async function signChallenge(
  key: Uint8Array,
  claims: Omit<ChallengeClaims, "id">,
): Promise<{ challenge: string; expiresAt: number }> {
  const signed = await signJwt(key, { ver: claims.tokenVersion, att: claims.attempt }, {
    subject: claims.userId,
    audience: AUDIENCE,
    ttl: CHALLENGE_TTL,
  });
  return { challenge: signed.token, expiresAt: signed.expiresAt };
}

/** Verifies a challenge; undefined when forged, expired, for another purpose or malformed. */
export async function verifyChallenge(
  key: Uint8Array,
  challenge: string,
): Promise<ChallengeClaims | undefined> {
  const payload = await verifyJwt(key, challenge, { audience: AUDIENCE, maxLength: 2048 });
  const att = payload?.att as Partial<SignInAttempt> | undefined;
  if (
    !payload || !Number.isInteger(payload.ver) || typeof payload.jti !== "string" ||
    typeof att?.email !== "string" || typeof att.network !== "string" ||
    typeof att.accountCounted !== "boolean" || typeof att.probation !== "boolean"
  ) return undefined;
  return {
    userId: payload.sub,
    tokenVersion: payload.ver as number,
    attempt: att as SignInAttempt,
    id: payload.jti,
  };
}

/** Whether a challenge was already used to sign in. */
export async function isChallengeSpent(kv: Deno.Kv, id: string): Promise<boolean> {
  return (await kv.get(["two_factor_challenge_used", id])).value === true;
}

/** Marks a challenge used (KV, until it would expire anyway); false if it already was. */
export async function spendChallenge(kv: Deno.Kv, id: string): Promise<boolean> {
  const key = ["two_factor_challenge_used", id];
  const res = await kv.atomic().check({ key, versionstamp: null }).set(key, true, {
    expireIn: (CHALLENGE_TTL + 60) * 1000,
  }).commit();
  return res.ok;
}
