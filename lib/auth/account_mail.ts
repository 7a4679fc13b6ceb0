import { z } from "zod";
import type { Sql } from "../db/mod.ts";
import type { MailContent, MailMessage, MailSite } from "../mail/mod.ts";
import { renderMail } from "../mail/mod.ts";
import { jobKind } from "../queue/mod.ts";
import { ACCOUNT_TOKEN_TTL_MS, issueAccountToken } from "./account_tokens.ts";
import { findUserById } from "./users.ts";

/**
 * What the mail-sending actions answer, the same whether or not a message
 * went out (so that the answer tells nothing about who has an account).
 */
export const MAIL_ANSWERS = {
  reset: "If an account uses that address, we have sent it a link to choose a new password.",
  change: "We have sent a link to the new address. Your address changes when you open it.",
  resend: "If your address is not confirmed yet, a new link is on its way.",
} as const;

/** The messages accounts get. */
export const ACCOUNT_MAILS = [
  "verify",
  "reset",
  "email_change",
  "signup_exists",
  "email_changed",
  "welcome",
] as const;

/** How long the set-password link of an account an admin created works (a reset link). */
export const WELCOME_LINK_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** One account mail to send: what, for whom, to which address. */
export type AccountMail = {
  mail: typeof ACCOUNT_MAILS[number];
  userId: string;
  to: string;
  /** email_change: the address being confirmed; email_changed: the address now in use. */
  newEmail?: string;
};

/**
 * The job that sends one account mail. The payload holds no secret: the
 * worker issues the link's token when it composes the message, so the only
 * copy of a token is in the mail (the database keeps its hash). A retried
 * attempt issues a fresh token; an unsent one just expires.
 */
export const accountMailKind = jobKind<AccountMail>({
  kind: "account_mail",
  payload: z.object({
    mail: z.enum(ACCOUNT_MAILS),
    userId: z.uuid(),
    to: z.string().min(3).max(320),
    newEmail: z.string().min(3).max(320).optional(),
  }),
  priority: 10,
  maxAttempts: 6,
});

/** Queues an account mail; the worker sends it (requests never talk to a mail server). */
export async function queueAccountMail(sql: Sql, mail: AccountMail): Promise<void> {
  await accountMailKind.enqueue(sql, mail, { ownerId: mail.userId });
}

const hours = (ms: number) => Math.round(ms / 3_600_000);
const minutes = (ms: number) => Math.round(ms / 60_000);

/**
 * Writes the message for an account mail, issuing its link's token; undefined
 * when there is nothing to send any more (the account is gone, or already
 * verified).
 */
export async function composeAccountMail(
  sql: Sql,
  job: AccountMail,
  options: { site: MailSite },
): Promise<MailMessage | undefined> {
  const site = options.site;
  const user = await findUserById(sql, job.userId);
  if (!user) return undefined;
  const hello = `Hello ${user.displayName},`;
  let content: MailContent;
  switch (job.mail) {
    case "verify": {
      const [row] = await sql<{ verified: boolean }[]>`
        select email_verified_at is not null as verified from users where id = ${user.id}`;
      if (row?.verified) return undefined;
      const token = await issueAccountToken(sql, user.id, { purpose: "verify" });
      content = {
        subject: "Confirm your email address",
        paragraphs: [hello, `Please confirm that ${job.to} is your address.`],
        action: { label: "Confirm my address", path: `/verify?token=${token}` },
        after: [
          `The link works once, for ${hours(ACCOUNT_TOKEN_TTL_MS.verify)} hours.`,
          "If you did not create an account, you can ignore this message.",
        ],
      };
      break;
    }
    case "reset": {
      const token = await issueAccountToken(sql, user.id, { purpose: "reset" });
      content = {
        subject: "Reset your password",
        paragraphs: [hello, "Someone (hopefully you) asked to reset the password of your account."],
        action: { label: "Choose a new password", path: `/reset?token=${token}` },
        after: [
          `The link works once, for ${minutes(ACCOUNT_TOKEN_TTL_MS.reset)} minutes. ` +
          "Setting a new password signs you out everywhere.",
          "If you did not ask for this, ignore this message: your password stays as it is.",
        ],
      };
      break;
    }
    case "email_change": {
      const token = await issueAccountToken(sql, user.id, {
        purpose: "email_change",
        newEmail: job.to,
      });
      content = {
        subject: "Confirm your new email address",
        paragraphs: [hello, `Please confirm that your account should use ${job.to} from now on.`],
        action: { label: "Use this address", path: `/email/confirm?token=${token}` },
        after: [`The link works once, for ${hours(ACCOUNT_TOKEN_TTL_MS.email_change)} hours.`],
      };
      break;
    }
    case "signup_exists":
      content = {
        subject: "Someone tried to sign up with your address",
        paragraphs: [
          hello,
          `Someone tried to create an account with ${job.to}, which already has one: yours. ` +
          "No new account was created.",
          "If it was you, sign in instead; if you forgot your password, you can reset it.",
        ],
        action: { label: "Reset my password", path: "/forgot" },
      };
      break;
    case "email_changed":
      content = {
        subject: "Your email address was changed",
        paragraphs: [
          hello,
          `Your account now uses ${job.newEmail ?? "another address"}; ` +
          `mail will no longer come to ${job.to}.`,
          "If you did not do this, reset your password at once and contact the administrator.",
        ],
        action: { label: "Reset my password", path: "/forgot" },
      };
      break;
    case "welcome": {
      const token = await issueAccountToken(sql, user.id, {
        purpose: "reset",
        ttlMs: WELCOME_LINK_TTL_MS,
      });
      content = {
        subject: `An account was created for you on ${site.name}`,
        paragraphs: [
          hello,
          `An administrator created an account for you (${job.to}). ` +
          "Choose a password to start using it.",
        ],
        action: { label: "Choose my password", path: `/reset?token=${token}` },
        after: [
          `The link works once, for ${hours(WELCOME_LINK_TTL_MS) / 24} days. ` +
          'After that, use "Forgot password?" on the sign-in page.',
        ],
      };
      break;
    }
  }
  return { to: job.to, ...renderMail(site, content) };
}
