/**
 * Mail: one Mailer interface with two transports, SMTP (SMTP_URL) and the
 * outbox directory (the embedded default). Requests never send: they enqueue
 * a job (lib/auth/account_mail.ts) and the worker hands it to the Mailer.
 */
import type { MailConfig } from "../config.ts";
import { outboxMailer } from "./outbox.ts";
import { smtpMailer } from "./smtp.ts";
import type { Mailer } from "./types.ts";

export type { Mailer, MailMessage, SentMessage } from "./types.ts";
export { listOutbox, readOutbox } from "./outbox.ts";
export { type MailContent, type MailSite, renderMail } from "./render.ts";

/** The configured transport: SMTP when SMTP_URL is set, else the outbox. */
export function openMailer(config: Pick<MailConfig, "smtpUrl" | "from" | "outboxDir">): Mailer {
  return config.smtpUrl
    ? smtpMailer({ url: config.smtpUrl, from: config.from })
    : outboxMailer({ dir: config.outboxDir, from: config.from });
}
