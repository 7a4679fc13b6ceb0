import { type Algorithm, hash, verify } from "@node-rs/argon2";
import { ValidationError } from "../errors.ts";
import { COMMON_PASSWORDS } from "./common_passwords.ts";

/** Shortest password accepted (in characters). */
export const MIN_PASSWORD_LENGTH = 10;

// Algorithm.Argon2id; the package's const enum cannot be read under isolatedModules.
const ARGON2ID = 2 as Algorithm;
// OWASP's argon2id baseline: 19 MiB, two passes (≈10 ms here, off the main thread).
const PARAMS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** Hashes a password with argon2id (PHC string with its own salt and parameters). */
export async function hashPassword(password: string): Promise<string> {
  return await hash(password.normalize("NFC"), PARAMS);
}

let dummyHash: Promise<string> | undefined;

/**
 * Checks a password against a stored hash. With no hash (unknown account) it
 * verifies against a dummy hash of the same cost, so that the answer takes as
 * long whether or not the account exists.
 */
export async function verifyPassword(
  storedHash: string | undefined,
  password: string,
): Promise<boolean> {
  dummyHash ??= hashPassword(crypto.randomUUID());
  const target = storedHash ?? await dummyHash;
  let ok = false;
  try {
    ok = await verify(target, password.normalize("NFC"));
  } catch {
    ok = false; // a malformed stored hash never matches
  }
  return ok && storedHash !== undefined;
}

/**
 * Re-authentication for account changes (password, email): a ValidationError
 * on the `currentPassword` field unless `password` matches the stored hash.
 */
export async function assertCurrentPassword(storedHash: string, password: string): Promise<void> {
  if (await verifyPassword(storedHash, password)) return;
  throw new ValidationError("The current password is not correct.", {
    details: {
      fields: [{ field: "currentPassword", message: "This is not your current password." }],
    },
  });
}

/**
 * Refuses weak passwords: too short, on the common-password list (also with
 * digits or punctuation appended), or the account's own email or name.
 * Throws a ValidationError naming `field`.
 */
export function assertStrongPassword(
  password: string,
  options: { field: string; email?: string; displayName?: string },
): void {
  const problem = passwordProblem(password, options);
  if (problem) {
    throw new ValidationError("Choose a stronger password.", {
      details: { fields: [{ field: options.field, message: problem }] },
    });
  }
}

/** Why a password is too weak, or undefined when it is acceptable. */
export function passwordProblem(
  password: string,
  options: { email?: string; displayName?: string } = {},
): string | undefined {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  }
  const lower = password.normalize("NFC").toLowerCase();
  const stem = lower.replace(/[\d!.?@#$*_-]+$/, "");
  if (COMMON_PASSWORDS.has(lower) || COMMON_PASSWORDS.has(stem) || new Set(lower).size < 4) {
    return "That password is too common; choose one that is harder to guess.";
  }
  const local = options.email?.split("@")[0];
  const mine = [options.email, local, options.displayName?.toLowerCase()].filter(
    (s): s is string => Boolean(s && s.length >= 4),
  );
  if (mine.some((s) => lower === s || stem === s)) {
    return "Do not use your email address or name as your password.";
  }
  return undefined;
}
