/**
 * Turning two-factor sign-in on and off: a pending secret shown as a QR code,
 * confirmed by a code from the app (which then hands out ten recovery codes,
 * once), disabled with the password and a code, or reset by an admin.
 */
import { type AuthContext, signOutEverywhere } from "../auth/accounts.ts";
import { verifyPassword } from "../auth/password.ts";
import { finishSignIn, startSignIn } from "../auth/sign_in_limits.ts";
import { findUserById } from "../auth/users.ts";
import { ConflictError, NotFoundError, RateLimitError, ValidationError } from "../errors.ts";
import { log } from "../log.ts";
import { notify } from "../notifications/notify.ts";
import { type AuditActor, recordAudit } from "../moderation/audit.ts";
import { hitRateLimit } from "../rate_limit.ts";
import { qrSvg } from "./qr.ts";
import { newRecoveryCodes } from "./recovery_codes.ts";
import { hashRecoveryCode, sealSecret } from "./secret_box.ts";
import * as store from "./store.ts";
import { matchTotp, newTotpSecret, provisioningUri } from "./totp.ts";
import { checkFactor, keysOf, readSecret } from "./verify.ts";

/** The name authenticator apps show next to the account. */
export const ISSUER = "VideoFlow";

/** What the setup step shows: the secret typed or scanned. */
export interface PendingSetup {
  secret: string;
  uri: string;
  qrSvg: string;
}

/** Where the user stands. */
export interface TwoFactorStatus {
  enabled: boolean;
  pending: boolean;
  recoveryCodesLeft: number;
}

/** The user's two-factor status. */
export async function twoFactorStatus(auth: AuthContext, userId: string): Promise<TwoFactorStatus> {
  const row = await store.findTwoFactor(auth.sql, userId);
  return {
    enabled: !!row?.confirmed,
    pending: !!row && !row.confirmed,
    recoveryCodesLeft: row?.confirmed ? await store.recoveryCodesLeft(auth.sql, userId) : 0,
  };
}

/** Starts (or restarts) setup with a fresh secret; ConflictError when two-factor is already on. */
export async function startSetup(
  auth: AuthContext,
  user: { id: string; email: string },
): Promise<PendingSetup> {
  const secret = newTotpSecret();
  if (
    !await store.savePendingSecret(auth.sql, user.id, sealSecret(keysOf(auth), secret, user.id))
  ) {
    throw new ConflictError("Two-factor sign-in is already on. Turn it off first to start again.");
  }
  const uri = provisioningUri(secret, { issuer: ISSUER, account: user.email });
  return { secret, uri, qrSvg: await qrSvg(uri) };
}

/** The pending setup to show again (page reloads), or undefined if none is pending. */
export async function pendingSetup(
  auth: AuthContext,
  user: { id: string; email: string },
): Promise<PendingSetup | undefined> {
  const row = await store.findTwoFactor(auth.sql, user.id);
  if (!row || row.confirmed) return undefined;
  const secret = readSecret(auth, row.secretBox, user.id);
  const uri = provisioningUri(secret, { issuer: ISSUER, account: user.email });
  return { secret, uri, qrSvg: await qrSvg(uri) };
}

/**
 * Confirms setup with a code from the app and returns the ten recovery codes
 * (shown once; only their keyed hashes are stored). Wrong codes are limited
 * per user like any credential.
 */
export async function confirmSetup(
  auth: AuthContext,
  userId: string,
  code: string,
): Promise<string[]> {
  const limit = await hitRateLimit(auth.kv, userId, {
    name: "two-factor-setup",
    ...auth.accountLimit,
  });
  if (!limit.ok) throw new RateLimitError(limit.retryAfter);
  const row = await store.findTwoFactor(auth.sql, userId);
  if (!row || row.confirmed) {
    throw new ConflictError("There is no two-factor setup in progress. Start again.");
  }
  const step = matchTotp(readSecret(auth, row.secretBox, userId), code.replace(/\s/g, ""));
  if (step === undefined) throw wrongCode("That code is not right. Check the app and try again.");
  const codes = newRecoveryCodes();
  const codeHashes = codes.map((c) => hashRecoveryCode(keysOf(auth), c));
  if (!await store.confirmTwoFactor(auth.sql, userId, { step, codeHashes })) {
    throw new ConflictError("Two-factor sign-in was turned on by another request.");
  }
  log("info", "two-factor enabled", { userId });
  await tell(auth, userId, "Two-factor sign-in was turned on for your account.");
  return codes;
}

/**
 * Turns two-factor off with the password and a code (app or recovery). A
 * wrong password or code counts toward the sign-in limits.
 */
export async function disableTwoFactor(
  auth: AuthContext,
  userId: string,
  input: { password: string; code: string; ip?: string },
): Promise<void> {
  const user = await findUserById(auth.sql, userId);
  if (!user) throw new NotFoundError();
  if (!await store.isTwoFactorOn(auth.sql, userId)) {
    throw new ConflictError("Two-factor sign-in is not on.");
  }
  const attempt = await startSignIn(auth, { email: user.email, ip: input.ip ?? "unknown" });
  if (!await verifyPassword(user.passwordHash, input.password)) {
    throw new ValidationError("The password is not correct.", {
      details: { fields: [{ field: "password", message: "This is not your password." }] },
    });
  }
  const result = await checkFactor(auth, userId, input.code);
  if (result !== "ok") throw wrongCode(codeMessage(result));
  await finishSignIn(auth, attempt);
  await store.deleteTwoFactor(auth.sql, userId);
  log("info", "two-factor disabled", { userId });
  await tell(auth, userId, "Two-factor sign-in was turned off for your account.");
}

/**
 * An admin turns a user's two-factor off (lost phone and codes); every
 * session of theirs ends, they are told (in the app and by mail), and it is
 * audited. 404 for an unknown user, 409 when two-factor is not on.
 */
export async function resetTwoFactor(
  auth: AuthContext,
  userId: string,
  options: { actor: AuditActor },
): Promise<void> {
  if (!await findUserById(auth.sql, userId)) throw new NotFoundError("No such user.");
  if (!await store.isTwoFactorOn(auth.sql, userId)) {
    throw new ConflictError("Two-factor sign-in is not on for this user.");
  }
  await store.deleteTwoFactor(auth.sql, userId);
  await signOutEverywhere(auth, userId);
  await recordAudit(auth.sql, options.actor, {
    action: "user.two_factor_reset",
    target: { kind: "user", id: userId },
  });
  log("info", "two-factor reset by an admin", { userId });
  await tell(auth, userId, "An admin turned two-factor sign-in off; every session was signed out.");
}

/** The message for a code that did not pass. */
export function codeMessage(result: "wrong" | "reused"): string {
  return result === "reused"
    ? "That code was already used. Wait for the next one in the app."
    : "That code is not right. Check the app, or use a recovery code.";
}

/** A security notice (in the app and by email, and it cannot be turned off). */
async function tell(auth: AuthContext, userId: string, reason: string): Promise<void> {
  await notify(auth.sql, userId, { kind: "security", data: { reason } });
}

function wrongCode(message: string): ValidationError {
  return new ValidationError(message, { details: { fields: [{ field: "code", message }] } });
}
