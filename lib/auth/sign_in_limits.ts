/**
 * Sign-in limits that count failures, not attempts, so that guessing from
 * elsewhere cannot lock the owner out:
 *
 * - per (account, network): `accountLimit` failures per window (tight). A
 *   network is an IPv4 address or an IPv6 /64 (lib/rate_limit.ts).
 * - per account, from any network: ACCOUNT_FACTOR × that over ACCOUNT_WINDOWS
 *   windows (looser, for guessing spread over many addresses). When it is
 *   spent, networks that signed in to the account before (remembered
 *   KNOWN_NETWORK_DAYS) still try under their own limit, and any other network
 *   gets one try per ACCOUNT_WINDOWS windows: the owner on a new network
 *   (who types the right password) gets in, while guessing spread over many
 *   networks is slowed to one guess per network per 15 minutes.
 *
 * Each attempt takes its slots before the password is checked (so concurrent
 * guesses cannot all slip under the limit) and gives them back when the
 * password was right.
 */
import { RateLimitError } from "../errors.ts";
import { hitRateLimit, networkKey, type RateLimitRule, refundRateLimit } from "../rate_limit.ts";
import type { AuthContext } from "./accounts.ts";

/** The per-account failure limit is this many times the per-(account, network) one… */
export const ACCOUNT_FACTOR = 5;
/** …over this many of its windows (10 per minute → 50 per 15 minutes by default). */
export const ACCOUNT_WINDOWS = 15;
/** A network stays known to an account this long after a successful sign-in. */
export const KNOWN_NETWORK_DAYS = 90;

/** The slots one sign-in attempt holds until its password is checked. */
export interface SignInAttempt {
  email: string;
  network: string;
  accountCounted: boolean;
  /** Taken the one try a new network gets while the account's budget is spent. */
  probation: boolean;
}

type Limits = Pick<AuthContext, "kv" | "accountLimit">;

/**
 * Takes an attempt's slots, or refuses it (RateLimitError) when its
 * (account, network) has failed too often, or when the account has and this
 * network has never signed in to it.
 */
export async function startSignIn(
  auth: Limits,
  who: { email: string; ip: string },
): Promise<SignInAttempt> {
  const network = networkKey(who.ip);
  const pair = await hitRateLimit(auth.kv, pairKey(who.email, network), pairRule(auth));
  if (!pair.ok) {
    throw new RateLimitError(pair.retryAfter, {
      message: "Too many failed sign-ins to this account from your network. Try again later.",
    });
  }
  const account = await hitRateLimit(auth.kv, who.email, accountRule(auth));
  if (account.ok || await isKnownNetwork(auth.kv, who.email, network)) {
    return { email: who.email, network, accountCounted: account.ok, probation: false };
  }
  const once = await hitRateLimit(auth.kv, pairKey(who.email, network), probationRule(auth));
  if (!once.ok) {
    await refundRateLimit(auth.kv, pairKey(who.email, network), pairRule(auth));
    throw new RateLimitError(once.retryAfter, {
      message: "Too many failed sign-ins to this account. Try again later, or from a network " +
        "you have signed in from before.",
    });
  }
  return { email: who.email, network, accountCounted: false, probation: true };
}

/** The password was right: the attempt was no failure, and its network becomes known. */
export async function finishSignIn(auth: Limits, attempt: SignInAttempt): Promise<void> {
  await refundRateLimit(auth.kv, pairKey(attempt.email, attempt.network), pairRule(auth));
  if (attempt.accountCounted) await refundRateLimit(auth.kv, attempt.email, accountRule(auth));
  if (attempt.probation) {
    await refundRateLimit(auth.kv, pairKey(attempt.email, attempt.network), probationRule(auth));
  }
  await auth.kv.set(["auth_known_network", attempt.email, attempt.network], true, {
    expireIn: KNOWN_NETWORK_DAYS * 24 * 3600 * 1000,
  });
}

async function isKnownNetwork(kv: Deno.Kv, email: string, network: string): Promise<boolean> {
  return (await kv.get(["auth_known_network", email, network])).value === true;
}

function pairKey(email: string, network: string): string {
  return `${email}\u0000${network}`;
}

function pairRule(auth: Limits): RateLimitRule {
  return { name: "login-failures-network", ...auth.accountLimit };
}

function probationRule(auth: Limits): RateLimitRule {
  return {
    name: "login-probation",
    limit: 1,
    windowMs: auth.accountLimit.windowMs * ACCOUNT_WINDOWS,
  };
}

function accountRule(auth: Limits): RateLimitRule {
  return {
    name: "login-failures-account",
    limit: auth.accountLimit.limit * ACCOUNT_FACTOR,
    windowMs: auth.accountLimit.windowMs * ACCOUNT_WINDOWS,
  };
}
