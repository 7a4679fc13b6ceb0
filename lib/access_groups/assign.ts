/**
 * Giving a user an access group (or none). Like a role change, it ends every
 * session of the user at once (token_version: their access tokens, refresh
 * tokens and media playback tokens are refused from then on), so that nothing
 * they hold still speaks for the old group; and it is audited.
 */
import { bumpTokenVersion } from "../auth/users.ts";
import type { Sql } from "../db/mod.ts";
import { NotFoundError } from "../errors.ts";
import { type AuditActor, recordAudit } from "../moderation/audit.ts";
import { lockGroup } from "./groups.ts";

/** Sets `userId`'s access group (null: none); nothing changes (no bump) when it is the same. */
export async function setUserAccessGroup(
  sql: Sql,
  userId: string,
  options: { groupId: number | null; actor: AuditActor },
): Promise<void> {
  await sql.begin(async (tx) => {
    const to = options.groupId === null ? null : await lockGroup(tx, options.groupId);
    const [before] = await tx<{ groupId: number | null; name: string | null }[]>`
      select u.access_group_id as "groupId", g.name from users u
      left join access_groups g on g.id = u.access_group_id
      where u.id = ${userId} for update of u`;
    if (!before) throw new NotFoundError("No such user.");
    if (before.groupId === options.groupId) return;
    await tx`update users set access_group_id = ${options.groupId} where id = ${userId}`;
    await bumpTokenVersion(tx as unknown as Sql, userId);
    await recordAudit(tx, options.actor, {
      action: "user.access_group",
      target: { kind: "user", id: userId },
      details: { from: before.name, to: to?.name ?? null },
    });
  });
}
