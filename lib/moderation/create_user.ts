/**
 * Accounts created by an admin (/admin/users, "Create a user"): how a
 * closed-registration instance gets its members. The account starts with a
 * random password nobody knows; its owner gets a mail with a set-password
 * link (a reset link that works for 7 days, lib/auth/account_mail.ts
 * "welcome"), and opening it confirms the address. Audited.
 */
import { z } from "zod";
import { queueAccountMail } from "../auth/account_mail.ts";
import { hashPassword } from "../auth/password.ts";
import { displayNameField, emailField } from "../auth/schemas.ts";
import { ROLES } from "../auth/types.ts";
import { insertUser } from "../auth/users.ts";
import type { Sql } from "../db/mod.ts";
import { ConflictError } from "../errors.ts";
import { type AuditActor, recordAudit } from "./audit.ts";

/** The "Create a user" form. */
export const createUserSchema = z.object({
  email: emailField,
  displayName: displayNameField,
  role: z.enum(ROLES),
});

/** Creates the account and queues its set-password mail; 409 when the address has an account. */
export async function createUserAsAdmin(
  sql: Sql,
  input: z.infer<typeof createUserSchema>,
  options: { actor: AuditActor },
): Promise<{ id: string }> {
  // 32 random bytes nobody sees: the account is unusable until its owner sets a password.
  const unknowable = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
  const passwordHash = await hashPassword(unknowable);
  return await sql.begin(async (tx) => {
    const user = await insertUser(tx as unknown as Sql, { ...input, passwordHash });
    if (!user) throw new ConflictError("An account already uses that email address.");
    await queueAccountMail(tx as unknown as Sql, {
      mail: "welcome",
      userId: user.id,
      to: user.email,
    });
    await recordAudit(tx, options.actor, {
      action: "user.create",
      target: { kind: "user", id: user.id },
      details: { email: user.email, role: input.role },
    });
    return { id: user.id };
  });
}
