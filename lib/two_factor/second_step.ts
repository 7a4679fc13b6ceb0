/**
 * Sign-in with two factors: a right password for an account with two-factor on
 * yields a short-lived challenge instead of a session; the second step trades
 * the challenge and a code for the session. No token exists before then.
 */
import { type AuthContext, type Session, startSession } from "../auth/accounts.ts";
import { finishSignIn, type SignInAttempt, startSignIn } from "../auth/sign_in_limits.ts";
import type { UserRecord } from "../auth/users.ts";
import { findUserById } from "../auth/users.ts";
import { AuthenticationError, PermissionError } from "../errors.ts";
import { isChallengeSpent, signChallenge, spendChallenge, verifyChallenge } from "./challenge.ts";
import { codeMessage } from "./enrollment.ts";
import { isTwoFactorOn } from "./store.ts";
import { checkFactor } from "./verify.ts";

/** The password was right; the second factor is asked for with this challenge. */
export interface SecondFactorRequired {
  secondFactor: { challenge: string; expiresAt: number };
}

/**
 * After a right password: a challenge when the user has two-factor on,
 * undefined otherwise. The password step's sign-in slots stay taken until the
 * second step succeeds, so a stolen password alone never marks a network as
 * known nor refunds its try (lib/auth/sign_in_limits.ts).
 */
export async function secondFactorChallenge(
  auth: AuthContext,
  user: UserRecord,
  attempt: SignInAttempt,
): Promise<SecondFactorRequired | undefined> {
  if (!await isTwoFactorOn(auth.sql, user.id)) return undefined;
  const signed = await signChallenge(auth.key, {
    userId: user.id,
    tokenVersion: user.tokenVersion,
    attempt,
  });
  return { secondFactor: { challenge: signed.challenge, expiresAt: signed.expiresAt } };
}

/**
 * The second step: a valid, unspent challenge and a right code (app or
 * recovery) start the session. Every try takes sign-in slots like a password
 * (wrong codes count toward the same lockout); a right one gives them back,
 * with the password step's.
 */
export async function completeSecondFactor(
  auth: AuthContext,
  input: { challenge: string; code: string },
  options: { userAgent?: string; ip?: string } = {},
): Promise<Session> {
  const expired = new AuthenticationError("This sign-in has expired. Sign in again.");
  const claims = await verifyChallenge(auth.key, input.challenge);
  if (!claims) throw expired;
  const user = await findUserById(auth.sql, claims.userId);
  if (!user || user.tokenVersion !== claims.tokenVersion) throw expired;
  // Checked before the code, so that a spent challenge does not use up a code's time step.
  if (await isChallengeSpent(auth.kv, claims.id)) throw expired;
  const attempt = await startSignIn(auth, { email: user.email, ip: options.ip ?? "unknown" });
  const result = await checkFactor(auth, user.id, input.code);
  if (result !== "ok") throw new AuthenticationError(codeMessage(result));
  if (!await spendChallenge(auth.kv, claims.id)) throw expired;
  await finishSignIn(auth, attempt);
  await finishSignIn(auth, claims.attempt);
  if (user.bannedAt) throw new PermissionError("This account has been suspended.");
  return await startSession(auth, user, options);
}
