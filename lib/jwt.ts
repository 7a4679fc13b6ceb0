import { errors, type JWTPayload, jwtVerify, SignJWT } from "jose";

const ISSUER = "videoflow";

/**
 * Signs an HS256 JWT from VideoFlow for one audience (access tokens, second-
 * factor challenges…): the audience keeps a token of one kind from passing as
 * another. Adds sub, iss, aud, iat, exp and a fresh jti.
 */
export async function signJwt(
  key: Uint8Array,
  claims: Record<string, unknown>,
  options: { subject: string; audience: string; ttl: number; now?: number },
): Promise<{ token: string; expiresAt: number }> {
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const expiresAt = now + options.ttl;
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(options.subject)
    .setIssuer(ISSUER)
    .setAudience(options.audience)
    .setIssuedAt(now)
    .setExpirationTime(expiresAt)
    .setJti(crypto.randomUUID())
    .sign(key);
  return { token, expiresAt };
}

/**
 * Verifies a JWT signed by signJwt() for `audience`: HS256 only (so "alg: none"
 * and key-confusion tokens fail), our issuer, not expired, at most `maxLength`
 * characters. Undefined for any token that does not pass.
 */
export async function verifyJwt(
  key: Uint8Array,
  token: string,
  options: { audience: string; maxLength: number },
): Promise<JWTPayload & { sub: string } | undefined> {
  if (token.length > options.maxLength) return undefined;
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: ["HS256"],
      issuer: ISSUER,
      audience: options.audience,
      requiredClaims: ["sub", "exp", "iat"],
    });
    return typeof payload.sub === "string" ? payload as JWTPayload & { sub: string } : undefined;
  } catch (err) {
    if (err instanceof errors.JOSEError || err instanceof TypeError) return undefined;
    throw err;
  }
}
