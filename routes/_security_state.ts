import type { Context } from "hono";
import type { SecurityState } from "../components/SecuritySettings.tsx";
import type { AuthContext } from "../lib/auth/mod.ts";
import { listSessions, MAX_SESSIONS_PAGE } from "../lib/auth/device_sessions.ts";
import { decodeSessionCursor, encodeSessionCursor } from "../lib/auth/session_cursor.ts";
import { twoFactorStatus } from "../lib/two_factor/mod.ts";

const NOTICES: Record<string, string> = {
  "two-factor-off": "Two-factor sign-in is off.",
  "signed-out": "That device has been signed out.",
  others: "Every other device has been signed out.",
};

/**
 * What /settings' security section shows for the signed-in user: two-factor
 * status and a page of signed-in devices (`?sessions=` is the list's cursor).
 */
export async function securityState(auth: AuthContext, c: Context): Promise<SecurityState> {
  const user = c.get("user")!;
  const cursor = c.req.query("sessions");
  const rows = await listSessions(auth.sql, user.id, {
    current: c.get("session")?.claims.sessionId,
    after: cursor ? decodeSessionCursor(cursor) : undefined,
    limit: MAX_SESSIONS_PAGE + 1,
  });
  const sessions = rows.slice(0, MAX_SESSIONS_PAGE);
  return {
    twoFactor: await twoFactorStatus(auth, user.id),
    sessions,
    nextCursor: rows.length > MAX_SESSIONS_PAGE ? encodeSessionCursor(sessions.at(-1)!) : undefined,
    notice: NOTICES[c.req.query("security") ?? ""],
    now: new Date(),
  };
}
