import type { AuthContext } from "../auth/accounts.ts";
import { UnavailableError } from "../errors.ts";
import { normaliseRecoveryCode } from "./recovery_codes.ts";
import { hashRecoveryCode, openSecret, type TwoFactorKeys, twoFactorKeys } from "./secret_box.ts";
import { claimRecoveryCode, claimStep, findTwoFactor } from "./store.ts";
import { matchTotp } from "./totp.ts";

/** What checking a second factor found. */
export type FactorResult = "ok" | "wrong" | "reused";

const keyCache = new WeakMap<Uint8Array, TwoFactorKeys>();

/** The two-factor keys of an auth context (derived once per key). */
export function keysOf(auth: Pick<AuthContext, "key">): TwoFactorKeys {
  let keys = keyCache.get(auth.key);
  if (!keys) keyCache.set(auth.key, keys = twoFactorKeys(auth.key));
  return keys;
}

/** A user's TOTP secret in the clear (for a check or the setup page). */
export function readSecret(auth: Pick<AuthContext, "key">, box: string, userId: string): string {
  const secret = openSecret(keysOf(auth), box, userId);
  // The auth secret changed since enrolment: only an admin reset helps (docs/DESIGN.md).
  if (!secret) throw new UnavailableError("Two-factor sign-in cannot be checked on this server.");
  return secret;
}

/**
 * Checks a second factor of a user with two-factor on: a six-digit code from
 * the app (each time step accepted once) or a recovery code (each used once).
 * Spaces and dashes are ignored. A right code that was already used is
 * "reused", so the person can be told to wait for the next one.
 */
export async function checkFactor(
  auth: Pick<AuthContext, "key" | "sql">,
  userId: string,
  typed: string,
): Promise<FactorResult> {
  const row = await findTwoFactor(auth.sql, userId);
  if (!row?.confirmed) return "wrong";
  const digits = typed.replace(/[\s-]/g, "");
  if (/^\d{6}$/.test(digits)) {
    const step = matchTotp(readSecret(auth, row.secretBox, userId), digits);
    if (step === undefined) return "wrong";
    return await claimStep(auth.sql, userId, step) ? "ok" : "reused";
  }
  const code = normaliseRecoveryCode(typed);
  if (!code) return "wrong";
  return await claimRecoveryCode(auth.sql, userId, hashRecoveryCode(keysOf(auth), code))
    ? "ok"
    : "wrong";
}
