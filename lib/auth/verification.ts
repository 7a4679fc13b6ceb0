import { PermissionError } from "../errors.ts";
import { log } from "../log.ts";
import { queueAccountMail } from "./account_mail.ts";
import { consumeAccountToken } from "./account_tokens.ts";
import type { AuthContext } from "./accounts.ts";
import { limitMail, linkError } from "./mail_limits.ts";
import { findUserById } from "./users.ts";

/** A user's address and whether it is confirmed. */
export async function emailStatus(
  auth: AuthContext,
  userId: string,
): Promise<{ email: string; verified: boolean } | undefined> {
  const [row] = await auth.sql<{ email: string; verified: boolean }[]>`
    select email, email_verified_at is not null as verified from users where id = ${userId}`;
  return row;
}

/**
 * The one check for actions that need a confirmed address (uploading now,
 * commenting later): throws a PermissionError that says what to do, unless
 * REQUIRE_EMAIL_VERIFICATION is off or the address is confirmed.
 */
export async function requireVerified(
  auth: AuthContext,
  userId: string,
  options: { action: string } = { action: "do this" },
): Promise<void> {
  if (!auth.mail.requireVerification) return;
  const status = await emailStatus(auth, userId);
  if (status?.verified) return;
  throw new PermissionError(
    `Confirm your email address before you ${options.action}: open the link we mailed you, ` +
      "or ask for a new one in Settings.",
  );
}

/** Confirms an address with the link's token (single use, 24 hours). */
export async function verifyEmail(auth: AuthContext, token: unknown): Promise<{ userId: string }> {
  const r = await consumeAccountToken(auth.sql, token, { purpose: "verify" });
  if (!r.ok) throw linkError(r.problem);
  await auth.sql`update users set email_verified_at = coalesce(email_verified_at, now()),
    updated_at = now() where id = ${r.userId}`;
  log("info", "email verified", { userId: r.userId });
  return { userId: r.userId };
}

/** Mails a new verification link; nothing to do for a confirmed address. */
export async function resendVerification(
  auth: AuthContext,
  userId: string,
  options: { ip?: string } = {},
): Promise<{ sent: boolean }> {
  const user = await findUserById(auth.sql, userId);
  const status = user && await emailStatus(auth, userId);
  if (!user || !status || status.verified) return { sent: false };
  await limitMail(auth, { address: user.email, ip: options.ip });
  await queueAccountMail(auth.sql, { mail: "verify", userId, to: user.email });
  return { sent: true };
}
