import { log } from "../log.ts";
import { notify } from "../notifications/notify.ts";
import { queueAccountMail } from "./account_mail.ts";
import { withExpiredBanLifted } from "./ban_expiry.ts";
import {
  type AccountTokenProblem,
  checkAccountToken,
  consumeAccountToken,
  revokeAccountTokens,
} from "./account_tokens.ts";
import type { AuthContext } from "./accounts.ts";
import { limitMail, linkError } from "./mail_limits.ts";
import { assertStrongPassword, hashPassword } from "./password.ts";
import { bumpTokenVersion, findUserByEmail, findUserById } from "./users.ts";

/**
 * "Forgot password?": mails a reset link (single use, 30 minutes) if the
 * address has an account that is not banned. The caller answers the same
 * either way; the limits count the address whether or not it exists.
 */
export async function requestPasswordReset(
  auth: AuthContext,
  email: string,
  options: { ip?: string } = {},
): Promise<void> {
  await limitMail(auth, { address: email, ip: options.ip });
  const user = await withExpiredBanLifted(auth.sql, await findUserByEmail(auth.sql, email));
  if (!user || user.bannedAt) return;
  await queueAccountMail(auth.sql, { mail: "reset", userId: user.id, to: user.email });
}

/** Whether a reset link still works (the form is shown only for one that does). */
export async function checkResetLink(
  auth: AuthContext,
  token: unknown,
): Promise<AccountTokenProblem | undefined> {
  const r = await checkAccountToken(auth.sql, token, { purpose: "reset" });
  return r.ok ? undefined : r.problem;
}

/**
 * Sets a new password with a reset link. The password rules are sign-up's;
 * every session ends (token_version, refresh tokens) and every other reset
 * link of the account stops working. Opening the link proves the mailbox, so
 * the address counts as confirmed.
 */
export async function resetPassword(
  auth: AuthContext,
  input: { token: unknown; newPassword: string },
): Promise<void> {
  const check = await checkAccountToken(auth.sql, input.token, { purpose: "reset" });
  if (!check.ok) throw linkError(check.problem);
  const user = await findUserById(auth.sql, check.userId);
  if (!user) throw linkError("invalid");
  // Checked before the link is used up, so that a weak password can be retried with it.
  assertStrongPassword(input.newPassword, { field: "newPassword", ...user });
  const r = await consumeAccountToken(auth.sql, input.token, { purpose: "reset" });
  if (!r.ok) throw linkError(r.problem);
  await bumpTokenVersion(auth.sql, user.id, {
    passwordHash: await hashPassword(input.newPassword),
  });
  await revokeAccountTokens(auth.sql, user.id, { purpose: "reset" });
  await auth.sql`update users set email_verified_at = coalesce(email_verified_at, now())
    where id = ${user.id}`;
  log("info", "password reset", { userId: user.id });
  await notify(auth.sql, user.id, {
    kind: "security",
    data: {
      reason: "Your password was reset with a mailed link, and every session was signed out.",
    },
  });
}
