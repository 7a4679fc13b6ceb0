import { signJwt, verifyJwt } from "../jwt.ts";

/** Access tokens live this long (seconds). */
export const ACCESS_TOKEN_TTL = 15 * 60;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const AUDIENCE = "videoflow:access";

/** The claims VideoFlow puts in an access token. */
export interface AccessClaims {
  userId: string;
  tokenVersion: number;
  /**
   * The session (refresh-token family) the token belongs to: signing that
   * session out revokes the token too. Absent only in tokens minted before
   * sessions were recorded (they expire within ACCESS_TOKEN_TTL).
   */
  sessionId?: string;
}

/** Turns the configured secret into an HMAC key for HS256. */
export function accessKey(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/** Signs a 15-minute access token (HS256) for a user at their current token_version and session. */
export async function signAccessToken(
  key: Uint8Array,
  claims: AccessClaims,
  options: { now?: number; ttl?: number } = {},
): Promise<{ token: string; expiresAt: number }> {
  const extra = claims.sessionId ? { sid: claims.sessionId } : {};
  return await signJwt(key, { ver: claims.tokenVersion, ...extra }, {
    subject: claims.userId,
    audience: AUDIENCE,
    ttl: options.ttl ?? ACCESS_TOKEN_TTL,
    now: options.now,
  });
}

/**
 * Verifies an access token: HS256 only (so "alg: none" and key-confusion
 * tokens fail), our issuer and audience, not expired. Returns undefined for
 * any token that does not pass; the caller still checks token_version.
 */
export async function verifyAccessToken(
  key: Uint8Array,
  token: string,
): Promise<AccessClaims | undefined> {
  const payload = await verifyJwt(key, token, { audience: AUDIENCE, maxLength: 4096 });
  if (!payload || !Number.isInteger(payload.ver)) return undefined;
  const sid = payload.sid;
  if (sid !== undefined && (typeof sid !== "string" || !UUID.test(sid))) return undefined;
  return { userId: payload.sub, tokenVersion: payload.ver as number, sessionId: sid };
}
