/**
 * The signed-in devices of a user: one user_sessions row per session
 * (refresh-token family) with what the browser said it was and when and where
 * it was last seen. Whether a session holds is refresh_tokens' business;
 * ending one here revokes its family, which ends its access tokens too
 * (lib/auth/users.ts findSessionUser checks revoked families).
 */
import type { Sql } from "../db/mod.ts";
import { cleanIp, cleanUserAgent, describeDevice } from "./device_label.ts";

/** last_seen_at is written at most this often per session (keeps writes per request near zero). */
export const TOUCH_INTERVAL_MS = 5 * 60_000;
/** The most sessions one page of the list holds. */
export const MAX_SESSIONS_PAGE = 50;

/** One signed-in device as the list shows it. */
export interface DeviceSession {
  id: string;
  device: string;
  userAgent: string | null;
  ip: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  current: boolean;
}

/** Records a new session's device (called when the session starts). */
export async function recordSession(
  sql: Sql,
  s: { familyId: string; userId: string; userAgent?: string; ip?: string },
): Promise<void> {
  await sql`insert into user_sessions (family_id, user_id, user_agent, ip)
    values (${s.familyId}, ${s.userId}, ${cleanUserAgent(s.userAgent) ?? null},
      ${cleanIp(s.ip) ?? null})
    on conflict (family_id) do nothing`;
}

const lastTouch = new Map<string, number>();

/**
 * Notes that a session was used now, from `ip`: at most once per
 * TOUCH_INTERVAL_MS per session in this process, and in the database only when
 * the stored time is that old (other instances), so most requests write nothing.
 */
export async function touchSession(
  sql: Sql,
  familyId: string,
  options: { ip?: string; now?: number } = {},
): Promise<void> {
  const now = options.now ?? Date.now();
  if (now - (lastTouch.get(familyId) ?? 0) < TOUCH_INTERVAL_MS) return;
  if (lastTouch.size >= 10_000) lastTouch.clear(); // bounded memory; worst case one extra write each
  lastTouch.set(familyId, now);
  await sql`update user_sessions set last_seen_at = now(),
      ip = coalesce(${cleanIp(options.ip) ?? null}, ip)
    where family_id = ${familyId}
      and last_seen_at < now() - make_interval(secs => ${TOUCH_INTERVAL_MS / 1000})`;
}

/**
 * The user's live sessions, newest first, a page at a time: `after` is the
 * last session of the previous page ({createdAt, id}). Only sessions whose
 * newest refresh token is neither revoked nor expired are listed.
 */
export async function listSessions(
  sql: Sql,
  userId: string,
  options: { current?: string; after?: { createdAt: Date; id: string }; limit?: number } = {},
): Promise<DeviceSession[]> {
  // One more than a page, so the caller can tell whether another page follows.
  const limit = Math.min(Math.max(options.limit ?? MAX_SESSIONS_PAGE, 1), MAX_SESSIONS_PAGE + 1);
  const after = options.after;
  const rows = await sql<Omit<DeviceSession, "device" | "current">[]>`
    select s.family_id as id, s.user_agent as "userAgent", s.ip, s.created_at as "createdAt",
      s.last_seen_at as "lastSeenAt"
    from user_sessions s
    where s.user_id = ${userId}
      and exists (select 1 from refresh_tokens t where t.family_id = s.family_id
        and t.user_id = ${userId} and t.used_at is null and t.revoked_at is null
        and t.expires_at > now())
      ${after ? sql`and (s.created_at, s.family_id) < (${after.createdAt}, ${after.id})` : sql``}
    order by s.created_at desc, s.family_id desc
    limit ${limit}`;
  return rows.map((r) => ({
    ...r,
    device: describeDevice(r.userAgent),
    current: r.id === options.current,
  }));
}

/** Ends one of the user's sessions; false when it is not theirs or already over. */
export async function revokeUserSession(
  sql: Sql,
  userId: string,
  familyId: string,
): Promise<boolean> {
  const rows = await sql`update refresh_tokens set revoked_at = now()
    where family_id = ${familyId} and user_id = ${userId} and revoked_at is null
    returning 1`;
  return rows.length > 0;
}

/** Ends every session of the user but `keep` (the caller's); returns how many ended. */
export async function revokeOtherSessions(
  sql: Sql,
  userId: string,
  keep: string,
): Promise<number> {
  const rows = await sql<{ familyId: string }[]>`update refresh_tokens set revoked_at = now()
    where user_id = ${userId} and family_id <> ${keep} and revoked_at is null
    returning family_id as "familyId"`;
  return new Set(rows.map((r) => r.familyId)).size;
}

/**
 * Deletes device rows whose session has no refresh token left (they are
 * pruned a day after expiry); a day's grace keeps a row whose session is just
 * being started. Hourly, with pruneRefreshTokens (workers/housekeeping.ts).
 */
export async function pruneDeviceSessions(sql: Sql): Promise<number> {
  const rows = await sql`delete from user_sessions s
    where s.created_at < now() - interval '1 day'
      and not exists (select 1 from refresh_tokens t where t.family_id = s.family_id)`;
  return rows.count;
}
