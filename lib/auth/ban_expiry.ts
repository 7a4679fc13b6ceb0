/**
 * Bans with an end (`users.ban_expires_at`) lift themselves. Checked where a
 * banned person could come back — signing in and asking for a password reset
 * (a ban ends every session, so there is no other way in) — and swept hourly
 * by the housekeeping job, so that lists, profiles and the admin pages catch
 * up without the user. Each lift is audited as the system's (no actor).
 */
import type { Sql } from "../db/mod.ts";
import { recordAudit } from "../moderation/audit.ts";
import type { UserRecord } from "./users.ts";

/** Lifts every ban whose end has passed (or only `userId`'s); returns the users let back in. */
export async function liftExpiredBans(
  sql: Sql,
  options: { userId?: string } = {},
): Promise<string[]> {
  return await sql.begin(async (tx) => {
    const rows = await tx<{ id: string; reason: string | null; until: Date }[]>`
      update users u set banned_at = null, ban_reason = null, ban_expires_at = null,
        updated_at = now()
      from (select id, ban_reason, ban_expires_at from users
        where banned_at is not null and ban_expires_at <= now()
          and ${options.userId ? tx`id = ${options.userId}` : tx`true`}
        order by id limit 1000 for update) old
      where u.id = old.id
      returning u.id, old.ban_reason as reason, old.ban_expires_at as until`;
    for (const r of rows) {
      await recordAudit(tx, { id: null, name: "ban expiry" }, {
        action: "user.unban",
        target: { kind: "user", id: r.id },
        details: { expired: r.until, reason: r.reason },
      });
    }
    return rows.map((r) => r.id);
  });
}

/** The user as authentication should see them: an expired ban is lifted first. */
export async function withExpiredBanLifted<T extends Pick<UserRecord, "id" | "bannedAt">>(
  sql: Sql,
  user: T | undefined,
): Promise<T | undefined> {
  if (!user?.bannedAt) return user;
  const lifted = await liftExpiredBans(sql, { userId: user.id });
  return lifted.length ? { ...user, bannedAt: null } : user;
}
