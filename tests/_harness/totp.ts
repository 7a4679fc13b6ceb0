import * as OTPAuth from "otpauth";

const PERIOD = 30;

/**
 * Authenticator-app codes for tests, computed independently of the server
 * (otpauth, as an app would). Codes are fixed to the time step current when
 * the clock was made (`codeAt(0)`), one step earlier (-1) or later (+1), all
 * within the server's ±1 window. It waits out the last seconds of a step at
 * the start, so that the step does not change under the test.
 */
export async function totpClock(secret: string, options: { marginSeconds?: number } = {}) {
  const margin = options.marginSeconds ?? 12;
  const left = () => PERIOD - (Date.now() / 1000) % PERIOD;
  if (left() < margin) await new Promise((ok) => setTimeout(ok, left() * 1000 + 200));
  const step = Math.floor(Date.now() / 1000 / PERIOD);
  const totp = new OTPAuth.TOTP({
    secret: OTPAuth.Secret.fromBase32(secret.replace(/\s/g, "")),
    digits: 6,
    period: PERIOD,
    algorithm: "SHA1",
  });
  return {
    /** The code of the step `offset` steps from the clock's own. */
    codeAt: (offset: number) =>
      totp.generate({ timestamp: (step + offset) * PERIOD * 1000 + 1000 }),
  };
}
