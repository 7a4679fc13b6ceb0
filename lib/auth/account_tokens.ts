import type { Sql } from "../db/mod.ts";
import { hashToken } from "./refresh_tokens.ts";

/** What a mailed link is for. */
export type AccountTokenPurpose = "verify" | "reset" | "email_change";

/** How long each kind of link works. */
export const ACCOUNT_TOKEN_TTL_MS: Record<AccountTokenPurpose, number> = {
  verify: 24 * 60 * 60 * 1000,
  reset: 30 * 60 * 1000,
  email_change: 24 * 60 * 60 * 1000,
};

/** Why a link did not work; each gets its own sentence on the page. */
export type AccountTokenProblem = "invalid" | "expired" | "used";

/** The outcome of presenting a link's token. */
export type AccountTokenResult =
  | { ok: true; userId: string; newEmail: string | null }
  | { ok: false; problem: AccountTokenProblem };

/** Tokens are 32 random bytes, base64url: 43 characters. Anything else is refused unread. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Issues a single-use token for a mailed link and stores only its SHA-256;
 * the returned token is the only copy (it goes into the mail and nowhere else).
 */
export async function issueAccountToken(
  sql: Sql,
  userId: string,
  options: { purpose: AccountTokenPurpose; newEmail?: string; ttlMs?: number },
): Promise<string> {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const token = btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_")
    .replace(/=+$/, "");
  const expiresAt = new Date(Date.now() + (options.ttlMs ?? ACCOUNT_TOKEN_TTL_MS[options.purpose]));
  await sql`insert into account_tokens (user_id, purpose, token_hash, new_email, expires_at)
    values (${userId}, ${options.purpose}, ${hashToken(token)}, ${options.newEmail ?? null},
      ${expiresAt})`;
  return token;
}

/**
 * Uses a token: one statement marks it used only if it is unused and unexpired,
 * so two clicks racing cannot both succeed. On failure, says why.
 */
export function consumeAccountToken(
  sql: Sql,
  token: unknown,
  options: { purpose: AccountTokenPurpose },
): Promise<AccountTokenResult> {
  return present(sql, token, { ...options, use: true });
}

/** Checks a token without using it (the reset form is shown only for a working link). */
export function checkAccountToken(
  sql: Sql,
  token: unknown,
  options: { purpose: AccountTokenPurpose },
): Promise<AccountTokenResult> {
  return present(sql, token, { ...options, use: false });
}

async function present(
  sql: Sql,
  token: unknown,
  options: { purpose: AccountTokenPurpose; use: boolean },
): Promise<AccountTokenResult> {
  if (typeof token !== "string" || !TOKEN.test(token)) return { ok: false, problem: "invalid" };
  const live = sql`token_hash = ${hashToken(token)} and purpose = ${options.purpose}
    and used_at is null and expires_at > now()`;
  const columns = sql`user_id as "userId", new_email as "newEmail"`;
  const [row] = options.use
    ? await sql<Row[]>`update account_tokens set used_at = now() where ${live} returning ${columns}`
    : await sql<Row[]>`select ${columns} from account_tokens where ${live}`;
  return row
    ? { ok: true, ...row }
    : { ok: false, problem: await problemOf(sql, token, options.purpose) };
}

type Row = { userId: string; newEmail: string | null };

/** Ends every unused token of a purpose (a reset link must not outlive a successful reset). */
export async function revokeAccountTokens(
  sql: Sql,
  userId: string,
  options: { purpose: AccountTokenPurpose },
): Promise<void> {
  await sql`update account_tokens set used_at = now()
    where user_id = ${userId} and purpose = ${options.purpose} and used_at is null`;
}

async function problemOf(
  sql: Sql,
  token: string,
  purpose: AccountTokenPurpose,
): Promise<AccountTokenProblem> {
  const [row] = await sql<{ used: boolean }[]>`select used_at is not null as used
    from account_tokens where token_hash = ${hashToken(token)} and purpose = ${purpose}`;
  return !row ? "invalid" : row.used ? "used" : "expired";
}
