import type { Sql } from "../db/mod.ts";
import { AuthenticationError, PermissionError, RateLimitError } from "../errors.ts";
import { log } from "../log.ts";
import { hitRateLimit } from "../rate_limit.ts";
import { admitSignUp, settleAdmission } from "./invitations.ts";
import { finishSignIn, startSignIn } from "./sign_in_limits.ts";
import { queueAccountMail } from "./account_mail.ts";
import { limitMail } from "./mail_limits.ts";
import { type AccessClaims, signAccessToken } from "./access_token.ts";
import {
  assertCurrentPassword,
  assertStrongPassword,
  hashPassword,
  verifyPassword,
} from "./password.ts";
import { issueRefreshToken, rotateRefreshToken } from "./refresh_tokens.ts";
import type { Role, SessionTokens, SessionUser } from "./types.ts";
import { recordSession } from "./device_sessions.ts";
import { secondFactorChallenge, type SecondFactorRequired } from "../two_factor/second_step.ts";
import { notify } from "../notifications/notify.ts";
import { withExpiredBanLifted } from "./ban_expiry.ts";
import {
  bumpTokenVersion,
  findUserByEmail,
  findUserById,
  insertUser,
  type UserRecord,
} from "./users.ts";

/** What the account operations need: the database, KV for limits, the token key, policy. */
export interface AuthContext {
  sql: Sql;
  kv: Deno.Kv;
  /** HS256 key for access tokens. */
  key: Uint8Array;
  newUserRole: "viewer" | "creator";
  adminEmail?: string;
  /**
   * Sign-up attempts per account per window; for sign-in, failed passwords per
   * (account, network) per window (lib/auth/sign_in_limits.ts derives the looser
   * per-account limit from it).
   */
  accountLimit: { limit: number; windowMs: number };
  /** A rotated refresh token presented again within this many seconds is a race, not theft. */
  refreshGraceSeconds: number;
  /** Mail policy: whether uploads need a confirmed address, how often one address may be mailed. */
  mail: { requireVerification: boolean; perAddressPerHour: number; windowMs?: number };
}

/** A signed-in session: who, and the tokens that prove it. */
export interface Session {
  user: SessionUser;
  tokens: SessionTokens;
  /** What the access token says (user, token_version, session id). */
  claims: AccessClaims;
}

/**
 * The refresh token was rotated a moment ago by a concurrent request (two
 * tabs): refused, but the session is not over.
 */
export class RefreshRaceError extends AuthenticationError {
  override name = "RefreshRaceError";
}

const WRONG_CREDENTIALS = "The email or password is incorrect.";

/** The one answer to every accepted sign-up, new address or not. */
export const SIGNUP_ACCEPTED = {
  status: "pending",
  message: "Check your inbox: we sent a message to that address. Then sign in with your password.",
} as const;

/**
 * Asks for an account. The answer is the same whether or not the address
 * already has one (docs/DESIGN.md "Accounts: mail, verification, reset"), so
 * sign-up signs nobody in: a new account gets a verification link, an
 * existing one's owner a notice that someone tried; both paths hash the
 * password, write once and queue one mail. The caller then signs in.
 */
export async function signUp(
  auth: AuthContext,
  input: { email: string; password: string; displayName: string; invitation?: string },
  options: { ip?: string } = {},
): Promise<void> {
  await limitAccount(auth, "signup-account", input.email);
  assertStrongPassword(input.password, { field: "password", ...input });
  const admission = await admitSignUp(auth.sql, { ...input, adminEmail: auth.adminEmail });
  await limitMail(auth, { address: input.email, ip: options.ip });
  const passwordHash = await hashPassword(input.password);
  const role: Role = input.email === auth.adminEmail ? "admin" : admission.role ?? auth.newUserRole;
  const { email, displayName } = input;
  const user = await insertUser(auth.sql, { email, displayName, passwordHash, role });
  // A taken address gives its invitation back, and answers exactly like a new one.
  await settleAdmission(auth.sql, admission, user?.id);
  if (user) {
    log("info", "account created", { userId: user.id, role });
    await queueAccountMail(auth.sql, { mail: "verify", userId: user.id, to: user.email });
    return;
  }
  const owner = await findUserByEmail(auth.sql, input.email);
  if (owner) {
    await queueAccountMail(auth.sql, { mail: "signup_exists", userId: owner.id, to: owner.email });
  }
}

/**
 * Signs in with email and password. Unknown email and wrong password give the
 * same answer after the same work (a dummy hash is verified). A banned
 * account is told so only after its password checked out. Only failures
 * count against the account's limits, and a network the account signed in
 * from before is not shut out by failures from elsewhere (sign_in_limits.ts).
 */
export async function logIn(
  auth: AuthContext,
  input: { email: string; password: string },
  options: { userAgent?: string; ip?: string } = {},
): Promise<Session | SecondFactorRequired> {
  const attempt = await startSignIn(auth, { email: input.email, ip: options.ip ?? "unknown" });
  const user = await withExpiredBanLifted(auth.sql, await findUserByEmail(auth.sql, input.email));
  const ok = await verifyPassword(user?.passwordHash, input.password);
  if (!ok || !user) throw new AuthenticationError(WRONG_CREDENTIALS);
  // With two-factor on, the password alone is not a success yet (lib/two_factor/second_step.ts).
  const secondFactor = user.bannedAt ? undefined : await secondFactorChallenge(auth, user, attempt);
  if (secondFactor) return secondFactor;
  await finishSignIn(auth, attempt);
  if (user.bannedAt) throw new PermissionError("This account has been suspended.");
  return await startSession(auth, user, options);
}

/** Exchanges a refresh token for a new pair (rotation); any failure is a 401. */
export async function refreshSession(
  auth: AuthContext,
  refreshToken: string,
  options: { userAgent?: string } = {},
): Promise<Session> {
  const r = await rotateRefreshToken(auth.sql, refreshToken, {
    graceSeconds: auth.refreshGraceSeconds,
    userAgent: options.userAgent,
  });
  if (!r.ok && r.reason === "racing") throw new RefreshRaceError("Retry with the newest token.");
  if (!r.ok) throw new AuthenticationError("Your session has ended. Sign in again.");
  const user = await findUserById(auth.sql, r.userId);
  if (!user || user.bannedAt) {
    throw new AuthenticationError("Your session has ended. Sign in again.");
  }
  const claims = { userId: user.id, tokenVersion: user.tokenVersion, sessionId: r.next.familyId };
  const access = await signAccessToken(auth.key, claims);
  return {
    user: toSessionUser(user),
    claims,
    tokens: {
      accessToken: access.token,
      accessExpiresAt: access.expiresAt,
      refreshToken: r.next.token,
      refreshExpiresAt: r.next.expiresAt,
    },
  };
}

/**
 * Changes the password after checking the current one. Every session ends
 * (token_version); the caller gets a fresh session for this device.
 */
export async function changePassword(
  auth: AuthContext,
  userId: string,
  input: { currentPassword: string; newPassword: string },
  options: { userAgent?: string } = {},
): Promise<Session> {
  await limitAccount(auth, "password-account", userId);
  const user = await findUserById(auth.sql, userId);
  if (!user) throw new AuthenticationError();
  await assertCurrentPassword(user.passwordHash, input.currentPassword);
  assertStrongPassword(input.newPassword, { field: "newPassword", ...user });
  await bumpTokenVersion(auth.sql, userId, { passwordHash: await hashPassword(input.newPassword) });
  log("info", "password changed", { userId });
  await notify(auth.sql, userId, {
    kind: "security",
    data: { reason: "Your password was changed, and every other session was signed out." },
  });
  return await startSession(auth, (await findUserById(auth.sql, userId))!, options);
}

/** Ends every session of a user, everywhere. */
export async function signOutEverywhere(auth: AuthContext, userId: string): Promise<void> {
  await bumpTokenVersion(auth.sql, userId);
}

/** The session view of a user row. */
export function toSessionUser(u: SessionUser): SessionUser {
  return {
    id: u.id,
    email: u.email,
    displayName: u.displayName,
    role: u.role,
    accessGroupId: u.accessGroupId,
    premium: u.premium ?? false,
  };
}

/** Starts a new session (refresh family) for a user whose credentials checked out. */
export async function startSession(
  auth: AuthContext,
  user: UserRecord,
  options: { userAgent?: string; ip?: string },
): Promise<Session> {
  const familyId = crypto.randomUUID();
  const claims = { userId: user.id, tokenVersion: user.tokenVersion, sessionId: familyId };
  const [access, refresh] = await Promise.all([
    signAccessToken(auth.key, claims),
    issueRefreshToken(auth.sql, user, { familyId, userAgent: options.userAgent }),
    recordSession(auth.sql, { familyId, userId: user.id, ...options }),
  ]);
  return {
    user: toSessionUser(user),
    claims,
    tokens: {
      accessToken: access.token,
      accessExpiresAt: access.expiresAt,
      refreshToken: refresh.token,
      refreshExpiresAt: refresh.expiresAt,
    },
  };
}

async function limitAccount(auth: AuthContext, name: string, account: string): Promise<void> {
  const r = await hitRateLimit(auth.kv, account, { name, ...auth.accountLimit });
  if (!r.ok) throw new RateLimitError(r.retryAfter);
}
