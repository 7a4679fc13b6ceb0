import { errors, jwtVerify, SignJWT } from "jose";

/** Access tokens live this long (seconds). */
export const ACCESS_TOKEN_TTL = 15 * 60;

const ISSUER = "videoflow";
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
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const expiresAt = now + (options.ttl ?? ACCESS_TOKEN_TTL);
  const extra = claims.sessionId ? { sid: claims.sessionId } : {};
  const token = await new SignJWT({ ver: claims.tokenVersion, ...extra })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(claims.userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(expiresAt)
    .setJti(crypto.randomUUID())
    .sign(key);
  return { token, expiresAt };
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
  if (token.length > 4096) return undefined;
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: ["HS256"],
      issuer: ISSUER,
      audience: AUDIENCE,
      requiredClaims: ["sub", "exp", "iat"],
    });
    if (typeof payload.sub !== "string" || !Number.isInteger(payload.ver)) return undefined;
    const sid = payload.sid;
    if (sid !== undefined && (typeof sid !== "string" || !UUID.test(sid))) return undefined;
    return { userId: payload.sub, tokenVersion: payload.ver as number, sessionId: sid };
  } catch (err) {
    if (err instanceof errors.JOSEError || err instanceof TypeError) return undefined;
    throw err;
  }
}
