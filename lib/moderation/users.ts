/**
 * Managing accounts (admins only): the user list with its filters, role
 * changes, the trusted flag, bans. Rules written once for the admin pages and
 * the JSON API alike: nobody demotes or bans themselves, and the last admin
 * can be neither demoted nor banned (the admins' rows are locked while this
 * is checked, so two admins demoting each other at once cannot both succeed).
 * Each change ends the user's sessions (role, ban) and is audited.
 */
import type { Role } from "../auth/types.ts";
import type { Tier } from "../billing/entitlement.ts";
import { bumpTokenVersion } from "../auth/users.ts";
import type { Queryable, Sql } from "../db/mod.ts";
import { ConflictError, NotFoundError, PermissionError } from "../errors.ts";
import { type AuditActor, recordAudit } from "./audit.ts";

/** A row of /admin/users. */
export interface AdminUserRow {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  trusted: boolean;
  bannedAt: Date | null;
  banReason: string | null;
  createdAt: Date;
  videos: number;
  /** Their access group (category role); null: none. */
  accessGroupId: number | null;
  /** Premium tier (lib/billing/entitlement.ts). */
  tier: Tier;
}

/** The list's filters; `after` is the previous page's last id (newest accounts first). */
export interface UserFilter {
  q?: string;
  role?: Role;
  banned?: boolean;
  /** One access group's members, or those with none. */
  accessGroup?: number | "none";
  after?: { at: Date; id: string };
  limit: number;
}

/** Accounts matching the filter, newest first, `limit` (≤ 100) at a time. */
export async function listUsers(sql: Sql, filter: UserFilter): Promise<AdminUserRow[]> {
  const like = filter.q ? `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  return await sql<AdminUserRow[]>`
    select u.id, u.email, u.display_name as "displayName", u.role, u.trusted,
      u.banned_at as "bannedAt", u.ban_reason as "banReason", u.created_at as "createdAt",
      (select count(*)::int from videos v where v.owner_id = u.id) as videos,
      u.access_group_id as "accessGroupId", u.tier
    from users u
    where ${like ? sql`(u.email ilike ${like} or u.display_name ilike ${like})` : sql`true`}
      and ${filter.role ? sql`u.role = ${filter.role}` : sql`true`}
      and ${
    filter.accessGroup === undefined
      ? sql`true`
      : filter.accessGroup === "none"
      ? sql`u.access_group_id is null`
      : sql`u.access_group_id = ${filter.accessGroup}`
  }
      and ${
    filter.banned === undefined
      ? sql`true`
      : filter.banned
      ? sql`u.banned_at is not null`
      : sql`u.banned_at is null`
  }
      and ${
    filter.after ? sql`(u.created_at, u.id) < (${filter.after.at}, ${filter.after.id})` : sql`true`
  }
    order by u.created_at desc, u.id desc limit ${Math.max(1, Math.min(filter.limit, 100))}`;
}

async function target(tx: Queryable, id: string): Promise<{ role: Role; banned: boolean }> {
  const [row] = await tx<{ role: Role; banned: boolean }[]>`
    select role, banned_at is not null as banned from users where id = ${id} for update`;
  if (!row) throw new NotFoundError("No such user.");
  return row;
}

/**
 * Locks the admins' rows (always first and in id order, so that two changes
 * cannot deadlock) and returns a check that fails with ConflictError when
 * `id` is the only admin who is not banned.
 */
async function lockAdmins(tx: Queryable): Promise<(id: string) => void> {
  const admins = await tx<{ id: string }[]>`
    select id from users where role = 'admin' and banned_at is null order by id for update`;
  return (id) => {
    if (admins.every((a) => a.id === id)) {
      throw new ConflictError("This is the last admin: make someone else an admin first.");
    }
  };
}

/** Changes a user's role (their sessions end so that no token carries the old one). */
export async function changeRole(
  sql: Sql,
  userId: string,
  options: { role: Role; actor: AuditActor },
): Promise<void> {
  const { role, actor } = options;
  await sql.begin(async (tx) => {
    const assertNotLastAdmin = await lockAdmins(tx);
    const before = await target(tx, userId);
    if (before.role === role) return;
    if (userId === actor.id) {
      throw new PermissionError("Admins cannot demote themselves; ask another admin.");
    }
    if (before.role === "admin") assertNotLastAdmin(userId);
    await bumpTokenVersion(tx as unknown as Sql, userId, { role });
    await recordAudit(tx, actor, {
      action: "user.role",
      target: { kind: "user", id: userId },
      details: { from: before.role, to: role },
    });
  });
}

/**
 * Bans (with a reason and an optional end, see lib/auth/ban_expiry.ts) or
 * unbans (null) a user; a ban ends every session at once.
 */
export async function setUserBan(
  sql: Sql,
  userId: string,
  options: { ban: { reason: string; until?: Date } | null; actor: AuditActor },
): Promise<void> {
  const { ban, actor } = options;
  await sql.begin(async (tx) => {
    const assertNotLastAdmin = await lockAdmins(tx);
    const before = await target(tx, userId);
    if (ban && userId === actor.id) throw new PermissionError("You cannot ban yourself.");
    if (ban && before.role === "admin") assertNotLastAdmin(userId);
    await bumpTokenVersion(tx as unknown as Sql, userId, { ban });
    await recordAudit(tx, actor, {
      action: ban ? "user.ban" : "user.unban",
      target: { kind: "user", id: userId },
      details: ban ? { reason: ban.reason, ...(ban.until ? { until: ban.until } : {}) } : {},
    });
  });
}

/** Marks a creator trusted (their videos skip review) or not. */
export async function setTrusted(
  sql: Sql,
  userId: string,
  options: { trusted: boolean; actor: AuditActor },
): Promise<void> {
  await sql.begin(async (tx) => {
    await target(tx, userId);
    await tx`update users set trusted = ${options.trusted}, updated_at = now()
      where id = ${userId}`;
    await recordAudit(tx, options.actor, {
      action: "user.trusted",
      target: { kind: "user", id: userId },
      details: { trusted: options.trusted },
    });
  });
}
