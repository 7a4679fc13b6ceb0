import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * HMAC-SHA256 signatures over a purpose and its fields, with an expiry.
 * The purpose string keeps a signature for one use (an upload part, say) from
 * being replayed as another (a download).
 */
export interface Signed {
  exp: number;
  sig: string;
}

/** Signs `fields` for `purpose`, valid until `exp` (Unix seconds). */
export function sign(
  secret: string,
  purpose: string,
  options: { fields: string[]; exp: number },
): Signed {
  return { exp: options.exp, sig: mac(secret, purpose, options.fields, options.exp) };
}

/**
 * Checks a signature and its expiry. Returns "ok", "expired" or "invalid";
 * comparison is constant-time.
 */
export function verify(
  secret: string,
  purpose: string,
  options: { fields: string[]; exp: number; sig: string; now?: number },
): "ok" | "expired" | "invalid" {
  if (!Number.isInteger(options.exp) || !/^[A-Za-z0-9_-]{43}$/.test(options.sig)) return "invalid";
  const expected = Buffer.from(mac(secret, purpose, options.fields, options.exp));
  const given = Buffer.from(options.sig);
  if (!timingSafeEqual(expected, given)) return "invalid";
  const now = options.now ?? Math.floor(Date.now() / 1000);
  return options.exp < now ? "expired" : "ok";
}

function mac(secret: string, purpose: string, fields: string[], exp: number): string {
  // Length-prefixing each field makes the encoding unambiguous.
  const msg = [purpose, ...fields, String(exp)].map((f) => `${f.length}:${f}`).join("|");
  return createHmac("sha256", secret).update(msg).digest("base64url");
}
