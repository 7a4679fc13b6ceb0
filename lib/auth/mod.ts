/**
 * Accounts and access: users, passwords, sessions (access JWT + rotating
 * refresh tokens), roles and bans. No HTTP here; the web tier's middleware
 * and routes call these.
 */
export type { PublicProfile, Role, SessionTokens, SessionUser } from "./types.ts";
export { ROLES } from "./types.ts";
export {
  type AuthContext,
  changePassword,
  logIn,
  refreshSession,
  type Session,
  signOutEverywhere,
  signUp,
  SIGNUP_ACCEPTED,
  toSessionUser,
} from "./accounts.ts";
export { checkSession, logOut, resolveAccessToken, type ResolvedSession } from "./sessions.ts";
export { ACCESS_TOKEN_TTL, type AccessClaims, accessKey } from "./access_token.ts";
export { REFRESH_TOKEN_TTL } from "./refresh_tokens.ts";
export { avatarUrl, MAX_AVATAR_BYTES, replaceAvatar } from "./avatar.ts";
export { findPublicProfile, findUserById, promoteAdminEmail, updateProfile } from "./users.ts";
export { MIN_PASSWORD_LENGTH } from "./password.ts";
export { emailStatus, requireVerified, resendVerification, verifyEmail } from "./verification.ts";
export { checkResetLink, requestPasswordReset, resetPassword } from "./password_reset.ts";
export { confirmEmailChange, requestEmailChange } from "./email_change.ts";
export {
  type AccountMail,
  accountMailKind,
  composeAccountMail,
  MAIL_ANSWERS,
} from "./account_mail.ts";
export type { AccountTokenProblem } from "./account_tokens.ts";
