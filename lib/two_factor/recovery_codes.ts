/** How many recovery codes a user gets when two-factor is turned on. */
export const RECOVERY_CODE_COUNT = 10;

const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"; // no 0/o, 1/l/i to misread

/** Ten fresh codes like `k7dm-q2xa-pw9e-h3nr` (about 79 random bits each). */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const picks = crypto.getRandomValues(new Uint32Array(16));
    const chars = [...picks].map((n) => ALPHABET[n % ALPHABET.length]).join("");
    return chars.match(/.{4}/g)!.join("-");
  });
}

/**
 * A typed recovery code in its canonical form (lower case, dashes and spaces
 * dropped, then re-grouped), or undefined if it cannot be one.
 */
export function normaliseRecoveryCode(typed: string): string | undefined {
  const bare = typed.toLowerCase().replace(/[\s-]/g, "");
  if (bare.length !== 16 || [...bare].some((c) => !ALPHABET.includes(c))) return undefined;
  return bare.match(/.{4}/g)!.join("-");
}
