import type { Sql } from "../db/mod.ts";
import { log } from "../log.ts";
import { assertStrongPassword, hashPassword } from "./password.ts";
import { displayNameField } from "./schemas.ts";
import { bumpTokenVersion, findUserByEmail, insertUser } from "./users.ts";

/**
 * Makes `email` an admin: promotes the account if it exists (ending its
 * sessions), otherwise creates it with the password `password()` returns
 * (asked for only when needed; it must pass the password policy).
 */
export async function ensureAdmin(
  sql: Sql,
  options: { email: string; displayName?: string; password: () => string },
): Promise<"created" | "promoted"> {
  const existing = await findUserByEmail(sql, options.email);
  if (existing) {
    if (existing.role !== "admin") await bumpTokenVersion(sql, existing.id, { role: "admin" });
    log("info", "admin ensured", { userId: existing.id });
    return "promoted";
  }
  const displayName = displayNameField.parse(options.displayName ?? options.email.split("@")[0]);
  const password = options.password();
  assertStrongPassword(password, { field: "password", email: options.email, displayName });
  const user = await insertUser(sql, {
    email: options.email,
    displayName,
    passwordHash: await hashPassword(password),
    role: "admin",
    // The operator typed the address at the terminal: nobody else could have.
    verified: true,
  });
  if (!user) return await ensureAdmin(sql, options);
  log("info", "admin created", { userId: user.id });
  return "created";
}
