import { AuthenticationError, ConflictError, ValidationError } from "../errors.ts";
import { log } from "../log.ts";
import { notify } from "../notifications/notify.ts";
import { queueAccountMail } from "./account_mail.ts";
import { consumeAccountToken } from "./account_tokens.ts";
import type { AuthContext } from "./accounts.ts";
import { limitMail, linkError } from "./mail_limits.ts";
import { assertCurrentPassword } from "./password.ts";
import { findUserByEmail, findUserById } from "./users.ts";

/**
 * Starts an email change: after the current password checks out, the new
 * address gets a confirmation link (24 hours); nothing changes until it is
 * opened. An address that already has an account gets a notice instead, and
 * the caller answers the same, so that this cannot probe for accounts either.
 */
export async function requestEmailChange(
  auth: AuthContext,
  input: { userId: string; newEmail: string; currentPassword: string },
  options: { ip?: string } = {},
): Promise<void> {
  const userId = input.userId;
  const user = await findUserById(auth.sql, userId);
  if (!user) throw new AuthenticationError();
  await assertCurrentPassword(user.passwordHash, input.currentPassword);
  if (input.newEmail === user.email.toLowerCase()) {
    throw new ValidationError("That is already your address.", {
      details: { fields: [{ field: "newEmail", message: "That is already your address." }] },
    });
  }
  await limitMail(auth, { address: input.newEmail, ip: options.ip });
  const taken = await findUserByEmail(auth.sql, input.newEmail);
  await queueAccountMail(
    auth.sql,
    taken
      ? { mail: "signup_exists", userId: taken.id, to: taken.email }
      : { mail: "email_change", userId, to: input.newEmail },
  );
}

/**
 * Confirms an email change with the link sent to the new address: the account
 * moves to it (confirmed, since the link reached it) and the old address is
 * told.
 */
export async function confirmEmailChange(
  auth: AuthContext,
  token: unknown,
): Promise<{ userId: string; email: string }> {
  const r = await consumeAccountToken(auth.sql, token, { purpose: "email_change" });
  if (!r.ok) throw linkError(r.problem);
  const user = await findUserById(auth.sql, r.userId);
  if (!user || !r.newEmail) throw linkError("invalid");
  const [moved] = await auth.sql`update users
    set email = ${r.newEmail}, email_verified_at = now(), updated_at = now()
    where id = ${user.id} and not exists (
      select 1 from users other where lower(other.email) = lower(${r.newEmail}) and other.id <> ${user.id})
    returning id`;
  if (!moved) {
    throw new ConflictError("Another account started using that address meanwhile.");
  }
  await queueAccountMail(auth.sql, {
    mail: "email_changed",
    userId: user.id,
    to: user.email,
    newEmail: r.newEmail,
  });
  log("info", "email changed", { userId: user.id });
  await notify(auth.sql, user.id, {
    kind: "security",
    data: { reason: `Your account's email address was changed to ${r.newEmail}.` },
  });
  return { userId: user.id, email: r.newEmail };
}
