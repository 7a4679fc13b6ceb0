import { createHash } from "node:crypto";
import type { Sql } from "../db/mod.ts";
import { log } from "../log.ts";

/** Refresh tokens live this long (seconds); each rotation starts a new period. */
export const REFRESH_TOKEN_TTL = 7 * 24 * 3600;

/** A new refresh token (the raw value goes to the client only). */
export interface IssuedRefreshToken {
  token: string;
  expiresAt: number;
  familyId: string;
}

/** The outcome of presenting a refresh token. */
export type RotateResult =
  | { ok: true; userId: string; next: IssuedRefreshToken }
  | { ok: false; reason: "unknown" | "expired" | "revoked" | "stale" | "reused" | "racing" };

/** SHA-256 of a token; only this is stored. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Issues a refresh token, in a new family unless `familyId` is given. */
export async function issueRefreshToken(
  sql: Sql,
  user: { id: string; tokenVersion: number },
  options: { familyId?: string; userAgent?: string } = {},
): Promise<IssuedRefreshToken> {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const token = btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_")
    .replace(/=+$/, "");
  const familyId = options.familyId ?? crypto.randomUUID();
  const expiresAt = Math.floor(Date.now() / 1000) + REFRESH_TOKEN_TTL;
  await sql`insert into refresh_tokens
      (family_id, user_id, token_hash, token_version, user_agent, expires_at)
    values (${familyId}, ${user.id}, ${hashToken(token)}, ${user.tokenVersion},
      ${options.userAgent?.slice(0, 300) ?? null}, to_timestamp(${expiresAt}))`;
  return { token, expiresAt, familyId };
}

/**
 * Rotates a refresh token: marks it used and issues its successor in the same
 * family. Presenting a token that was already rotated means it was copied, so
 * the whole family is revoked, unless it was rotated less than `graceSeconds`
 * ago (two tabs refreshing at once), which is refused without revoking.
 */
export async function rotateRefreshToken(
  sql: Sql,
  token: string,
  options: { graceSeconds: number; userAgent?: string },
): Promise<RotateResult> {
  if (token.length > 200) return { ok: false, reason: "unknown" };
  return await sql.begin(async (tx) => {
    const [row] = await tx<{
      id: string;
      familyId: string;
      userId: string;
      tokenVersion: number;
      userVersion: number;
      banned: boolean;
      expired: boolean;
      usedAgo: number | null;
      revoked: boolean;
    }[]>`select t.id, t.family_id as "familyId", t.user_id as "userId",
        t.token_version as "tokenVersion", u.token_version as "userVersion",
        u.banned_at is not null as banned, t.expires_at <= now() as expired,
        extract(epoch from now() - t.used_at)::float8 as "usedAgo",
        t.revoked_at is not null as revoked
      from refresh_tokens t join users u on u.id = t.user_id
      where t.token_hash = ${hashToken(token)}
      for update of t`;
    if (!row) return { ok: false, reason: "unknown" } as const;
    if (row.revoked) return { ok: false, reason: "revoked" } as const;
    if (row.usedAgo !== null) {
      if (row.usedAgo < options.graceSeconds) return { ok: false, reason: "racing" } as const;
      await tx`update refresh_tokens set revoked_at = now()
        where family_id = ${row.familyId} and revoked_at is null`;
      log("warn", "refresh token reused; family revoked", {
        userId: row.userId,
        familyId: row.familyId,
      });
      return { ok: false, reason: "reused" } as const;
    }
    if (row.expired) return { ok: false, reason: "expired" } as const;
    if (row.banned || row.tokenVersion !== row.userVersion) {
      return { ok: false, reason: "stale" } as const;
    }
    await tx`update refresh_tokens set used_at = now() where id = ${row.id}`;
    const next = await issueRefreshToken(tx as unknown as Sql, {
      id: row.userId,
      tokenVersion: row.userVersion,
    }, { familyId: row.familyId, userAgent: options.userAgent });
    return { ok: true, userId: row.userId, next } as const;
  });
}

/** Revokes the family of a refresh token (sign-out of one session). */
export async function revokeRefreshFamily(sql: Sql, token: string): Promise<void> {
  await sql`update refresh_tokens set revoked_at = now()
    where revoked_at is null and family_id in
      (select family_id from refresh_tokens where token_hash = ${hashToken(token)})`;
}

/** Revokes a session by its family id (sign-out with only an access token at hand). */
export async function revokeSession(sql: Sql, familyId: string): Promise<void> {
  await sql`update refresh_tokens set revoked_at = now()
    where family_id = ${familyId} and revoked_at is null`;
}

/** Deletes tokens that expired more than a day ago (housekeeping). */
export async function pruneRefreshTokens(sql: Sql): Promise<number> {
  const rows = await sql`delete from refresh_tokens where expires_at < now() - interval '1 day'`;
  return rows.count;
}
