/** The two-factor tables (migrations/0017_two_factor.sql); every statement is bounded by user. */
import type { Sql } from "../db/mod.ts";

/** A user's authenticator row. */
export interface TwoFactorRow {
  secretBox: string;
  confirmed: boolean;
  lastStep: number | null;
}

/** The user's authenticator, confirmed or pending; undefined when none. */
export async function findTwoFactor(sql: Sql, userId: string): Promise<TwoFactorRow | undefined> {
  const [row] = await sql<TwoFactorRow[]>`select secret_box as "secretBox",
      confirmed_at is not null as confirmed, last_step::float8 as "lastStep"
    from two_factor where user_id = ${userId}`;
  return row;
}

/** Whether two-factor sign-in is on for the user. */
export async function isTwoFactorOn(sql: Sql, userId: string): Promise<boolean> {
  const [row] = await sql`select 1 from two_factor
    where user_id = ${userId} and confirmed_at is not null`;
  return !!row;
}

/** Stores a pending secret (replacing an earlier pending one); false if two-factor is already on. */
export async function savePendingSecret(sql: Sql, userId: string, box: string): Promise<boolean> {
  const rows = await sql`insert into two_factor (user_id, secret_box) values (${userId}, ${box})
    on conflict (user_id) do update set secret_box = excluded.secret_box, created_at = now(),
      last_step = null
    where two_factor.confirmed_at is null
    returning 1`;
  return rows.length === 1;
}

/**
 * Turns the pending secret on, records `step` as used and stores the recovery
 * code hashes, in one transaction; false when there was no pending secret
 * (already confirmed by a concurrent request, or never set up).
 */
export async function confirmTwoFactor(
  sql: Sql,
  userId: string,
  options: { step: number; codeHashes: string[] },
): Promise<boolean> {
  return await sql.begin(async (tx) => {
    const rows = await tx`update two_factor set confirmed_at = now(), last_step = ${options.step}
      where user_id = ${userId} and confirmed_at is null returning 1`;
    if (rows.length !== 1) return false;
    await tx`delete from two_factor_recovery_codes where user_id = ${userId}`;
    for (const hash of options.codeHashes) {
      await tx`insert into two_factor_recovery_codes (user_id, code_hash) values (${userId}, ${hash})`;
    }
    return true;
  });
}

/**
 * Accepts a TOTP time step once: true only if it is later than every step
 * accepted before (so a code seen over someone's shoulder, or sent twice, is
 * refused). Atomic, so two concurrent uses of one code cannot both pass.
 */
export async function claimStep(sql: Sql, userId: string, step: number): Promise<boolean> {
  const rows = await sql`update two_factor set last_step = ${step}
    where user_id = ${userId} and confirmed_at is not null
      and (last_step is null or last_step < ${step})
    returning 1`;
  return rows.length === 1;
}

/** Uses up a recovery code (atomic): true the first time, false ever after. */
export async function claimRecoveryCode(sql: Sql, userId: string, hash: string): Promise<boolean> {
  const rows = await sql`update two_factor_recovery_codes set used_at = now()
    where user_id = ${userId} and code_hash = ${hash} and used_at is null
    returning 1`;
  return rows.length === 1;
}

/** How many recovery codes the user has left. */
export async function recoveryCodesLeft(sql: Sql, userId: string): Promise<number> {
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n
    from two_factor_recovery_codes where user_id = ${userId} and used_at is null`;
  return row.n;
}

/** Removes the user's authenticator and recovery codes; true if there was one. */
export async function deleteTwoFactor(sql: Sql, userId: string): Promise<boolean> {
  return await sql.begin(async (tx) => {
    await tx`delete from two_factor_recovery_codes where user_id = ${userId}`;
    const rows = await tx`delete from two_factor where user_id = ${userId} returning 1`;
    return rows.length === 1;
  });
}
