import * as OTPAuth from "otpauth";

/** Codes change every PERIOD seconds; one step either side is accepted for clock drift. */
export const PERIOD = 30;
const DIGITS = 6;
const WINDOW = 1;

/** A fresh 160-bit TOTP secret, base32 (what authenticator apps accept typed in). */
export function newTotpSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32;
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function provisioningUri(secret: string, options: { issuer: string; account: string }) {
  return totp(secret, options).toString();
}

/**
 * The time step (Unix seconds / PERIOD) a six-digit code belongs to, within
 * one step of `now`; undefined when it matches none. The caller refuses a
 * step at or before the last one it accepted (replay).
 */
export function matchTotp(
  secret: string,
  code: string,
  options: { now?: number } = {},
): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const timestamp = options.now ?? Date.now();
  const delta = totp(secret).validate({ token: code, timestamp, window: WINDOW });
  if (delta === null) return undefined;
  return Math.floor(timestamp / 1000 / PERIOD) + delta;
}

/** The code for `now` (tests and the browser test compute codes the same way). */
export function totpCode(secret: string, options: { now?: number } = {}): string {
  return totp(secret).generate({ timestamp: options.now ?? Date.now() });
}

function totp(secret: string, label: { issuer?: string; account?: string } = {}) {
  return new OTPAuth.TOTP({
    issuer: label.issuer,
    label: label.account,
    issuerInLabel: true,
    algorithm: "SHA1",
    digits: DIGITS,
    period: PERIOD,
    secret: OTPAuth.Secret.fromBase32(secret),
  });
}
