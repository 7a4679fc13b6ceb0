/**
 * Two-factor sign-in with authenticator apps (TOTP, RFC 6238) and recovery
 * codes. No HTTP here; routes and lib/auth/accounts.ts's logIn call these.
 */
export {
  codeMessage,
  confirmSetup,
  disableTwoFactor,
  ISSUER,
  type PendingSetup,
  pendingSetup,
  resetTwoFactor,
  startSetup,
  type TwoFactorStatus,
  twoFactorStatus,
} from "./enrollment.ts";
export {
  completeSecondFactor,
  secondFactorChallenge,
  type SecondFactorRequired,
} from "./second_step.ts";
export { CHALLENGE_TTL } from "./challenge.ts";
export { RECOVERY_CODE_COUNT } from "./recovery_codes.ts";
