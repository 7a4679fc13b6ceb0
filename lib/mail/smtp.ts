import nodemailer from "nodemailer";
import type { Mailer, MailMessage } from "./types.ts";

/**
 * Sends through an SMTP server (SMTP_URL, e.g. smtps://user:pass@mail.example:465
 * or smtp://host:587 with STARTTLS when offered) with nodemailer, pooling connections.
 */
export function smtpMailer(options: { url: string; from: string }): Mailer {
  const transport = nodemailer.createTransport(options.url);
  return {
    kind: "smtp",
    async send(message: MailMessage) {
      await transport.sendMail({ from: options.from, ...message });
    },
    close() {
      transport.close();
    },
  };
}
