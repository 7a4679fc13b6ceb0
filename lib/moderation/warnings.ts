/**
 * Warnings: a moderator or admin tells a user that something they did is not
 * acceptable, short of a ban. The user gets a notification (in the app and by
 * mail: the kind cannot be turned off) and sees the warning on their settings
 * page; /admin/users counts them. Audited.
 */
import type { Sql } from "../db/mod.ts";
import { NotFoundError } from "../errors.ts";
import { notify } from "../notifications/notify.ts";
import { type AuditActor, recordAudit } from "./audit.ts";

/** A warning as its user and the admin pages see it. */
export interface Warning {
  id: string;
  reason: string;
  createdAt: Date;
}

/** Most warnings a user's settings page lists (newest first). */
export const WARNINGS_SHOWN = 20;

/** Records a warning for `userId` and tells them (404 for an unknown user). */
export async function warnUser(
  sql: Sql,
  userId: string,
  options: { reason: string; actor: AuditActor },
): Promise<Warning> {
  const { reason, actor } = options;
  return await sql.begin(async (tx) => {
    const [user] = await tx`select 1 from users where id = ${userId} for share`;
    if (!user) throw new NotFoundError("No such user.");
    const [row] = await tx<Warning[]>`
      insert into user_warnings (user_id, reason, created_by)
      values (${userId}, ${reason}, ${actor.id})
      returning id, reason, created_at as "createdAt"`;
    await notify(tx, userId, { kind: "account_warning", subjectId: row.id, data: { reason } });
    await recordAudit(tx, actor, {
      action: "user.warn",
      target: { kind: "user", id: userId },
      details: { reason },
    });
    return row;
  });
}

/** A user's warnings, newest first, at most `limit` (≤ 100). */
export async function listWarnings(
  sql: Sql,
  userId: string,
  options: { limit: number },
): Promise<Warning[]> {
  return await sql<Warning[]>`
    select id, reason, created_at as "createdAt" from user_warnings
    where user_id = ${userId} order by created_at desc, id desc
    limit ${Math.max(1, Math.min(options.limit, 100))}`;
}
