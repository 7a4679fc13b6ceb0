/**
 * Two-factor sign-in with authenticator apps (TOTP, RFC 6238) and recovery
 * codes. No HTTP here; routes and lib/auth/accounts.ts's logIn call these.
 */
export {
  codeMessage,
  confirmSetup,
  disableTwoFactor,
  ISSUER,
  pendingSetup,
  type PendingSetup,
  resetTwoFactor,
  startSetup,
  twoFactorStatus,
  type TwoFactorStatus,
} from "./enrollment.ts";
export {
  completeSecondFactor,
  secondFactorChallenge,
  type SecondFactorRequired,
} from "./second_step.ts";
export { CHALLENGE_TTL } from "./challenge.ts";
export { RECOVERY_CODE_COUNT } from "./recovery_codes.ts";
