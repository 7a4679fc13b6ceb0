import { RateLimitError, ValidationError } from "../errors.ts";
import { hitRateLimit } from "../rate_limit.ts";
import type { AuthContext } from "./accounts.ts";
import type { AccountTokenProblem } from "./account_tokens.ts";

const HOUR = 60 * 60 * 1000;
/** One network may trigger this many times an address's allowance (a household, an office). */
const IP_FACTOR = 4;

/**
 * Counts one mail-sending request against the address it mails and the
 * network it came from (both per hour), so that nobody can flood a mailbox
 * or use the site to spray mail. Throws RateLimitError over either limit.
 */
export async function limitMail(
  auth: AuthContext,
  target: { address: string; ip?: string },
): Promise<void> {
  const limit = auth.mail.perAddressPerHour;
  const windowMs = auth.mail.windowMs ?? HOUR;
  const checks = [
    hitRateLimit(auth.kv, target.address.toLowerCase(), { name: "mail-address", limit, windowMs }),
    hitRateLimit(auth.kv, target.ip ?? "unknown", {
      name: "mail-ip",
      limit: limit * IP_FACTOR,
      windowMs,
    }),
  ];
  for (const r of await Promise.all(checks)) {
    if (!r.ok) {
      throw new RateLimitError(r.retryAfter, {
        message: "Too many messages were asked for. Try again later.",
      });
    }
  }
}

const LINK_PROBLEMS: Record<AccountTokenProblem, string> = {
  invalid: "This link is not valid: it may have been cut short or changed.",
  expired: "This link has expired.",
  used: "This link has already been used.",
};

/** The sentence a person sees for a link that did not work, as a ValidationError. */
export function linkError(problem: AccountTokenProblem): ValidationError {
  return new ValidationError(`${LINK_PROBLEMS[problem]} Ask for a new one.`, {
    details: { problem },
  });
}
