/** One message, always in both forms: plain text and HTML. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** A message as it was handed to the transport (the outbox keeps these). */
export interface SentMessage extends MailMessage {
  id: string;
  from: string;
  /** ISO 8601. */
  date: string;
}

/** Where mail goes: an SMTP server, or the outbox directory when there is none. */
export interface Mailer {
  readonly kind: "smtp" | "outbox";
  /** Hands the message over; throws when the transport refuses it (the job retries). */
  send(message: MailMessage): Promise<void>;
  close(): void;
}
