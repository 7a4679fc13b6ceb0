import { errors, jwtVerify, SignJWT } from "jose";
import type { SignInAttempt } from "../auth/sign_in_limits.ts";

/** A second-factor challenge lives this long (seconds): time to open the app and type a code. */
export const CHALLENGE_TTL = 5 * 60;

const ISSUER = "videoflow";
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
  const now = Math.floor(Date.now() / 1000);
  const expiresAt = now + CHALLENGE_TTL;
  const challenge = await new SignJWT({ ver: claims.tokenVersion, att: claims.attempt })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(claims.userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(expiresAt)
    .setJti(crypto.randomUUID())
    .sign(key);
  return { challenge, expiresAt };
}

/** Verifies a challenge; undefined when forged, expired, for another purpose or malformed. */
export async function verifyChallenge(
  key: Uint8Array,
  challenge: string,
): Promise<ChallengeClaims | undefined> {
  if (challenge.length > 2048) return undefined;
  try {
    const { payload } = await jwtVerify(challenge, key, {
      algorithms: ["HS256"],
      issuer: ISSUER,
      audience: AUDIENCE,
      requiredClaims: ["sub", "exp", "jti"],
    });
    const att = payload.att as Partial<SignInAttempt> | undefined;
    if (
      typeof payload.sub !== "string" || !Number.isInteger(payload.ver) ||
      typeof payload.jti !== "string" || typeof att?.email !== "string" ||
      typeof att.network !== "string" || typeof att.accountCounted !== "boolean" ||
      typeof att.probation !== "boolean"
    ) return undefined;
    return {
      userId: payload.sub,
      tokenVersion: payload.ver as number,
      attempt: att as SignInAttempt,
      id: payload.jti,
    };
  } catch (err) {
    if (err instanceof errors.JOSEError || err instanceof TypeError) return undefined;
    throw err;
  }
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
