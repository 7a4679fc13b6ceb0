/**
 * Granting the creator tier (admins, /admin/users and the API): premium
 * without a subscription, kept as it is by refreshTier() until an admin takes
 * it back. Taking it back leaves the tier to the user's subscriptions again
 * (premium while one is entitled, else free). Audited as `user.tier`.
 */
import type { Sql } from "../db/mod.ts";
import { NotFoundError } from "../errors.ts";
import { type AuditActor, recordAudit } from "../moderation/audit.ts";
import type { Tier } from "./entitlement.ts";
import { refreshTier } from "./subscriptions.ts";

/** What an admin can set: the granted tier, or back to what subscriptions give ("free"). */
export const GRANTABLE_TIERS = ["creator", "free"] as const satisfies readonly Tier[];
export type GrantableTier = typeof GRANTABLE_TIERS[number];

/** Sets `userId`'s granted tier; answers the tier now (NotFound for no such user). */
export async function setGrantedTier(
  sql: Sql,
  userId: string,
  options: { tier: GrantableTier; actor: AuditActor; graceMs: number },
): Promise<Tier> {
  return await sql.begin(async (tx) => {
    const [before] = await tx<{ tier: Tier }[]>`
      select tier from users where id = ${userId} for update`;
    if (!before) throw new NotFoundError("No such user.");
    if ((before.tier === "creator") === (options.tier === "creator")) return before.tier;
    await tx`update users set tier = ${options.tier}, premium_until = null, updated_at = now()
      where id = ${userId}`;
    if (options.tier === "free") await refreshTier(tx, userId, { graceMs: options.graceMs });
    const [after] = await tx<{ tier: Tier }[]>`select tier from users where id = ${userId}`;
    await recordAudit(tx, options.actor, {
      action: "user.tier",
      target: { kind: "user", id: userId },
      details: { from: before.tier, to: after.tier },
    });
    return after.tier;
  });
}
