import { createCipheriv, createDecipheriv, createHmac, hkdfSync } from "node:crypto";

/**
 * Keys for two-factor data, derived (HKDF-SHA256) from the auth secret, one
 * per purpose, so that a copy of the database alone reveals no TOTP secret and
 * no recovery code. Rotating the auth secret makes stored secrets unreadable:
 * every enrolled user then needs an admin reset (docs/DESIGN.md).
 */
export interface TwoFactorKeys {
  /** AES-256-GCM key for TOTP secrets at rest. */
  box: Uint8Array;
  /** HMAC key for recovery-code hashes. */
  pepper: Uint8Array;
}

/** Derives the two-factor keys from the auth secret's bytes. */
export function twoFactorKeys(authKey: Uint8Array): TwoFactorKeys {
  const derive = (info: string) =>
    new Uint8Array(hkdfSync("sha256", authKey, "videoflow", `videoflow:two-factor:${info}`, 32));
  return { box: derive("secret-box:v1"), pepper: derive("recovery-pepper:v1") };
}

/**
 * Encrypts `plain` for one user: AES-256-GCM with a random IV, the user id as
 * associated data (a box copied to another user's row does not open). Format:
 * `v1.<iv>.<ciphertext+tag>`, base64url.
 */
export function sealSecret(keys: TwoFactorKeys, plain: string, userId: string): string {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const cipher = createCipheriv("aes-256-gcm", keys.box, iv);
  cipher.setAAD(new TextEncoder().encode(userId));
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return `v1.${Buffer.from(iv).toString("base64url")}.${body.toString("base64url")}`;
}

/** Opens a box sealed by sealSecret(); undefined when it was tampered with or the key changed. */
export function openSecret(keys: TwoFactorKeys, box: string, userId: string): string | undefined {
  const [version, iv, body, extra] = box.split(".");
  if (version !== "v1" || !iv || !body || extra !== undefined) return undefined;
  try {
    const bytes = Buffer.from(body, "base64url");
    if (bytes.length < 17) return undefined;
    const decipher = createDecipheriv("aes-256-gcm", keys.box, Buffer.from(iv, "base64url"));
    decipher.setAAD(new TextEncoder().encode(userId));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()])
      .toString("utf8");
  } catch {
    return undefined;
  }
}

/** The keyed hash a recovery code is stored as (codes carry 80 random bits; the key adds more). */
export function hashRecoveryCode(keys: TwoFactorKeys, code: string): string {
  return createHmac("sha256", keys.pepper).update(code).digest("hex");
}
