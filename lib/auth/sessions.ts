import { type AccessClaims, verifyAccessToken } from "./access_token.ts";
import { type AuthContext, toSessionUser } from "./accounts.ts";
import { revokeRefreshFamily, revokeSession } from "./refresh_tokens.ts";
import type { SessionUser } from "./types.ts";
import { findSessionUser } from "./users.ts";

/** A verified access token: who it speaks for, and its claims (to re-check the session later). */
export interface ResolvedSession {
  user: SessionUser;
  claims: AccessClaims;
}

/**
 * Ends one session: the refresh token's whole family is revoked, and with it
 * every access token of the session (they carry its id). `sessionId` (from the
 * caller's access token) ends that session when no refresh token is at hand.
 */
export async function logOut(
  auth: AuthContext,
  refreshToken: string | undefined,
  options: { sessionId?: string } = {},
): Promise<void> {
  if (refreshToken && refreshToken.length <= 200) await revokeRefreshFamily(auth.sql, refreshToken);
  if (options.sessionId) await revokeSession(auth.sql, options.sessionId);
}

/**
 * The session an access token speaks for, or undefined when the token is
 * forged, expired, for an unknown or banned user, older than the user's
 * token_version, or its session was signed out.
 */
export async function resolveAccessToken(
  auth: AuthContext,
  token: string,
): Promise<ResolvedSession | undefined> {
  const claims = await verifyAccessToken(auth.key, token);
  if (!claims) return undefined;
  const user = await checkSession(auth, claims);
  return user && { user, claims };
}

/**
 * Checks again that a session still holds (long-lived requests such as event
 * streams call this every few seconds); undefined once it has been signed out,
 * the user banned or their token_version bumped.
 */
export async function checkSession(
  auth: AuthContext,
  claims: AccessClaims,
): Promise<SessionUser | undefined> {
  const user = await findSessionUser(auth.sql, claims);
  return user && toSessionUser(user);
}
