/**
 * Who may create an account (the registration mode admins set, see
 * lib/moderation/settings.ts): anyone (`open`), holders of an unused,
 * unexpired invitation link (`invite`), or nobody (`closed`: admins create
 * accounts). ADMIN_EMAIL may always sign up, so an instance can get its first
 * admin. Invitation tokens are 32 random bytes, stored only as SHA-256.
 */
import type { Sql } from "../db/mod.ts";
import { PermissionError } from "../errors.ts";
import { type AuditActor, recordAudit } from "../moderation/audit.ts";
import { readInstanceSettings } from "../moderation/settings.ts";
import type { Role } from "./types.ts";

/** How long an invitation link works unless told otherwise. */
export const INVITATION_TTL_DAYS = 7;

async function hashToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** An admin creates an invitation link's token (shown once) for a new account of `role`. */
export async function createInvitation(
  sql: Sql,
  options: { role: "viewer" | "creator"; actor: AuditActor; days?: number },
): Promise<{ token: string; expiresAt: Date }> {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const token = btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_")
    .replace(/=+$/, "");
  const days = options.days ?? INVITATION_TTL_DAYS;
  return await sql.begin(async (tx) => {
    const [row] = await tx<{ id: string; expiresAt: Date }[]>`
      insert into invitations (token_hash, role, created_by, expires_at)
      values (${await hashToken(token)}, ${options.role}, ${options.actor.id},
        now() + make_interval(days => ${days}))
      returning id, expires_at as "expiresAt"`;
    await recordAudit(tx, options.actor, {
      action: "invitation.create",
      target: { kind: "invitation", id: row.id },
      details: { role: options.role, expiresAt: row.expiresAt },
    });
    return { token, expiresAt: row.expiresAt };
  });
}

/** What a sign-up was admitted with: the invitation it used (and its role), if any. */
export interface Admission {
  invitationId?: string;
  role?: Role;
}

/**
 * Admits a sign-up under the registration mode, claiming its invitation in
 * invite mode (one conditional UPDATE, so a link works once). PermissionError
 * (403) saying why otherwise.
 */
export async function admitSignUp(
  sql: Sql,
  input: { email: string; invitation?: string; adminEmail?: string },
): Promise<Admission> {
  if (input.adminEmail && input.email === input.adminEmail) return {};
  const { registration } = await readInstanceSettings(sql);
  if (registration === "open") return {};
  if (registration === "closed") {
    throw new PermissionError("Registration is closed: an administrator creates accounts.");
  }
  const token = input.invitation?.trim();
  const [row] = token
    ? await sql<{ id: string; role: Role }[]>`
      update invitations set used_at = now()
      where token_hash = ${await hashToken(token)} and used_at is null and expires_at > now()
      returning id, role`
    : [];
  if (!row) {
    throw new PermissionError(
      "Registration is by invitation only: open the invitation link you were sent.",
    );
  }
  return { invitationId: row.id, role: row.role };
}

/** Records who used an admitted invitation, or gives it back when the account was not created. */
export async function settleAdmission(
  sql: Sql,
  admission: Admission,
  userId: string | undefined,
): Promise<void> {
  if (!admission.invitationId) return;
  if (userId) {
    await sql`update invitations set used_by = ${userId} where id = ${admission.invitationId}`;
  } else {
    await sql`update invitations set used_at = null where id = ${admission.invitationId}`;
  }
}
