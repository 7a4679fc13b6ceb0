import type { Queryable, Sql } from "../db/mod.ts";
import { log } from "../log.ts";
import { premiumNowSql } from "../billing/entitlement.ts";
import type { PublicProfile, Role, SessionUser } from "./types.ts";

/** A user row as the auth domain needs it. */
export interface UserRecord extends SessionUser {
  passwordHash: string;
  tokenVersion: number;
  bannedAt: Date | null;
  bio: string;
  avatarKey: string | null;
}

const COLUMNS = (sql: Sql) =>
  sql`id, email, display_name as "displayName", role, password_hash as "passwordHash",
    token_version as "tokenVersion", banned_at as "bannedAt", bio, avatar_key as "avatarKey",
    access_group_id as "accessGroupId", ${premiumNowSql(sql)} as premium`;

/** Finds a user by (normalised) email. */
export async function findUserByEmail(sql: Sql, email: string): Promise<UserRecord | undefined> {
  const [row] = await sql<UserRecord[]>`select ${COLUMNS(sql)} from users
    where lower(email) = ${email.toLowerCase()}`;
  return row;
}

/**
 * The user an access token speaks for, if its session still holds: the user
 * exists, is not banned, has the token's token_version, and the session
 * (refresh family) has not been signed out. One statement: the user's primary
 * key plus a probe into the (small) index of revoked families.
 */
export async function findSessionUser(
  sql: Sql,
  claims: { userId: string; tokenVersion: number; sessionId?: string },
): Promise<UserRecord | undefined> {
  if (!isUuid(claims.userId)) return undefined;
  const [row] = await sql<(UserRecord & { revoked: boolean })[]>`
    select ${COLUMNS(sql)}, ${
    claims.sessionId
      ? sql`exists (select 1 from refresh_tokens
          where family_id = ${claims.sessionId} and revoked_at is not null)`
      : sql`false`
  } as revoked
    from users where id = ${claims.userId}`;
  if (!row || row.revoked || row.bannedAt || row.tokenVersion !== claims.tokenVersion) {
    return undefined;
  }
  const { revoked: _, ...user } = row;
  return user;
}

/** Finds a user by id; undefined for an unknown or malformed id. */
export async function findUserById(sql: Sql, id: string): Promise<UserRecord | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await sql<UserRecord[]>`select ${COLUMNS(sql)} from users where id = ${id}`;
  return row;
}

/** A user's public profile; banned accounts have none. */
export async function findPublicProfile(
  sql: Sql,
  id: string,
): Promise<PublicProfile | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await sql<PublicProfile[]>`select id, display_name as "displayName", bio, role,
      avatar_key as "avatarKey", created_at as "createdAt"
    from users where id = ${id} and banned_at is null`;
  return row;
}

/**
 * Inserts a user; returns undefined when the email is taken (the unique index
 * decides, so two concurrent sign-ups cannot both win).
 */
export async function insertUser(
  sql: Sql,
  user: {
    email: string;
    passwordHash: string;
    displayName: string;
    role: Role;
    /** The address is known good (an admin created at the terminal). */
    verified?: boolean;
  },
): Promise<UserRecord | undefined> {
  const [row] = await sql<UserRecord[]>`insert into users
      (email, password_hash, display_name, role, email_verified_at)
    values (${user.email}, ${user.passwordHash}, ${user.displayName}, ${user.role},
      ${user.verified ? sql`now()` : null})
    on conflict do nothing
    returning ${COLUMNS(sql)}`;
  return row;
}

/** Updates display name and/or bio. */
export async function updateProfile(
  sql: Sql,
  id: string,
  fields: { displayName?: string; bio?: string },
): Promise<void> {
  await sql`update users set
      display_name = coalesce(${fields.displayName ?? null}, display_name),
      bio = coalesce(${fields.bio ?? null}, bio),
      updated_at = now()
    where id = ${id}`;
}

/** Points the user at a new avatar object; returns the previous key. */
export async function setAvatarKey(
  sql: Sql,
  id: string,
  key: string,
): Promise<string | null> {
  const [row] = await sql<{ previous: string | null }[]>`
    update users u set avatar_key = ${key}, updated_at = now()
    from (select avatar_key from users where id = ${id} for update) old
    where u.id = ${id}
    returning old.avatar_key as previous`;
  return row?.previous ?? null;
}

/**
 * Bumps token_version (ending every session of the user) and optionally
 * changes the password hash, role or ban in the same statement.
 */
export async function bumpTokenVersion(
  sql: Queryable,
  id: string,
  changes: {
    passwordHash?: string;
    role?: Role;
    /** A ban (reason, optional end) or null to lift one. */
    ban?: { reason: string; until?: Date } | null;
  } = {},
): Promise<void> {
  const banned = changes.ban === undefined ? undefined : changes.ban !== null;
  await sql`update users set
      token_version = token_version + 1,
      password_hash = coalesce(${changes.passwordHash ?? null}, password_hash),
      role = coalesce(${changes.role ?? null}, role),
      banned_at = case when ${banned ?? null}::boolean is null then banned_at
                       when ${
    banned ?? null
  }::boolean then coalesce(banned_at, now()) else null end,
      ban_reason = case when ${banned ?? null}::boolean is null then ban_reason
                        else ${changes.ban?.reason ?? null} end,
      ban_expires_at = case when ${banned ?? null}::boolean is null then ban_expires_at
                            else ${changes.ban?.until ?? null}::timestamptz end,
      updated_at = now()
    where id = ${id}`;
  await sql`update refresh_tokens set revoked_at = now()
    where user_id = ${id} and revoked_at is null`;
}

/**
 * Makes the account with ADMIN_EMAIL an admin, if it exists and is not one
 * yet (its sessions end so that new ones carry the role).
 */
export async function promoteAdminEmail(sql: Sql, email: string | undefined): Promise<void> {
  if (!email) return;
  const user = await findUserByEmail(sql, email);
  if (!user || user.role === "admin") return;
  await bumpTokenVersion(sql, user.id, { role: "admin" });
  log("info", "promoted ADMIN_EMAIL to admin", { userId: user.id });
}

function isUuid(s: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
}
