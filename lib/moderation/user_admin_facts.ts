/**
 * What /admin/users shows beside each account's basic row (listUsers): the
 * ban's end, the number of warnings, the quota overrides and whether
 * two-factor sign-in is on. One bounded query for a page of ids.
 */
import type { Sql } from "../db/mod.ts";

/** The extra facts of one account. */
export interface UserAdminFacts {
  banExpiresAt: Date | null;
  warnings: number;
  videoQuota: number | null;
  videoQuotaDaily: number | null;
  twoFactor: boolean;
}

/** Facts for each of `ids` (at most 100: one page of the list). */
export async function userAdminFacts(
  sql: Sql,
  ids: string[],
): Promise<Map<string, UserAdminFacts>> {
  if (ids.length === 0) return new Map();
  const rows = await sql<(UserAdminFacts & { id: string })[]>`
    select u.id, u.ban_expires_at as "banExpiresAt",
      (select count(*)::int from user_warnings w where w.user_id = u.id) as warnings,
      u.video_quota::float8 as "videoQuota", u.video_quota_daily::float8 as "videoQuotaDaily",
      exists (select 1 from two_factor t where t.user_id = u.id and t.confirmed_at is not null)
        as "twoFactor"
    from users u where u.id = any(${ids.slice(0, 100)}::uuid[])`;
  return new Map(rows.map(({ id, ...facts }) => [id, facts]));
}

/** One account as /admin/users/:id shows it. */
export interface ManagedUser {
  id: string;
  email: string;
  displayName: string;
  role: string;
  bannedAt: Date | null;
  banReason: string | null;
  createdAt: Date;
}

/** The account /admin/users/:id manages; undefined when there is none. */
export async function findManagedUser(sql: Sql, id: string): Promise<ManagedUser | undefined> {
  const [row] = await sql<ManagedUser[]>`
    select id, email, display_name as "displayName", role, banned_at as "bannedAt",
      ban_reason as "banReason", created_at as "createdAt"
    from users where id = ${id}`;
  return row;
}
