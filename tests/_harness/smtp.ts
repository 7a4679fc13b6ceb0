/**
 * A real SMTP server on loopback (npm smtp-server) that keeps what it
 * receives, so that tests read mail the way a person would: sent by the
 * worker through nodemailer, over SMTP, MIME-encoded.
 */
import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from "smtp-server";

/** One received message, decoded. */
export interface ReceivedMail {
  /** MAIL FROM and RCPT TO as the client gave them. */
  envelope: { from: string; to: string[] };
  headers: Record<string, string>;
  subject: string;
  text: string;
  html: string;
}

/** A running loopback SMTP server. */
export interface SmtpInbox {
  /** SMTP_URL for VideoFlow, with the credentials the server demands. */
  url: string;
  received: ReceivedMail[];
  /** The first message (already received or still to come) that `match` accepts. */
  waitFor(match: (m: ReceivedMail) => boolean, options?: { timeoutMs?: number }): Promise<
    ReceivedMail
  >;
  /** Refuses the next `n` messages with a temporary error (451), as a struggling server does. */
  refuseNext(n: number): void;
  close(): Promise<void>;
}

/** Starts the server on a free loopback port, requiring AUTH with `user`/`pass`. */
export async function startSmtpInbox(): Promise<SmtpInbox> {
  const received: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  let refuse = 0;
  const user = "vf-test";
  const pass = crypto.randomUUID();
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    logger: false,
    size: 1024 * 1024,
    onAuth(auth, _session, cb) {
      if (auth.username === user && auth.password === pass) cb(null, { user });
      else cb(new Error("Invalid username or password"));
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, cb) {
      const chunks: Uint8Array[] = [];
      stream.on("data", (c: Uint8Array) => chunks.push(c));
      stream.on("end", () => {
        if (refuse > 0) {
          refuse--;
          const err = new Error("Try again later") as Error & { responseCode: number };
          err.responseCode = 451;
          return cb(err);
        }
        const raw = new TextDecoder().decode(concat(chunks));
        received.push({
          envelope: {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            to: session.envelope.rcptTo.map((r) => r.address),
          },
          ...parseMessage(raw),
        });
        for (const w of waiters) w();
        cb();
      });
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve((server.server.address() as AddressInfo).port));
  });
  return {
    url: `smtp://${user}:${pass}@127.0.0.1:${port}`,
    received,
    refuseNext(n) {
      refuse = n;
    },
    waitFor(match, options = {}) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = received.find(match);
          if (!m) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(m);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching mail; received: ${received.map((m) => m.subject)}`));
        }, options.timeoutMs ?? 20_000);
        waiters.add(check);
        check();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The first link in a message's text that points at `path` (e.g. "/verify"). */
export function linkIn(mail: ReceivedMail, path: string): string {
  const link = mail.text.match(/https?:\/\/\S+/g)?.find((u) => new URL(u).pathname === path);
  if (!link) throw new Error(`no ${path} link in: ${mail.text}`);
  return link;
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) out.set(c, at), at += c.length;
  return out;
}

/** A small MIME reader: headers, nested multiparts, quoted-printable and base64. */
function parseMessage(raw: string): Omit<ReceivedMail, "envelope"> {
  const found = { text: "", html: "" };
  const top = parsePart(raw, found);
  return { headers: top, subject: decodeWords(top["subject"] ?? ""), ...found };
}

function parsePart(raw: string, found: { text: string; html: string }): Record<string, string> {
  const split = raw.search(/\r?\n\r?\n/);
  const head = raw.slice(0, split).replace(/\r?\n[ \t]+/g, " ");
  const body = raw.slice(split).replace(/^\r?\n\r?\n/, "");
  const headers: Record<string, string> = {};
  for (const line of head.split(/\r?\n/)) {
    const i = line.indexOf(":");
    if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  const type = headers["content-type"] ?? "text/plain";
  const boundary = type.match(/boundary="?([^";]+)"?/i)?.[1];
  if (/^multipart\//i.test(type) && boundary) {
    const parts = body.split(`--${boundary}`).slice(1);
    for (const p of parts) if (!p.startsWith("--")) parsePart(p.replace(/^\r?\n/, ""), found);
  } else {
    const decoded = decodeBody(body, headers["content-transfer-encoding"] ?? "7bit");
    if (/^text\/html/i.test(type)) found.html ||= decoded;
    else if (/^text\/plain/i.test(type)) found.text ||= decoded;
  }
  return headers;
}

function decodeBody(body: string, encoding: string): string {
  const bytes = /base64/i.test(encoding)
    ? Uint8Array.from(atob(body.replace(/\s+/g, "")), (c) => c.charCodeAt(0))
    : /quoted-printable/i.test(encoding)
    ? qp(body)
    : new TextEncoder().encode(body);
  return new TextDecoder().decode(bytes).replace(/\r\n/g, "\n").trimEnd();
}

function qp(s: string): Uint8Array {
  const soft = s.replace(/=\r?\n/g, "");
  const out: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === "=" && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      out.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(...new TextEncoder().encode(soft[i]));
  }
  return new Uint8Array(out);
}

/** RFC 2047 encoded words, as nodemailer writes non-ASCII subjects. */
function decodeWords(s: string): string {
  return s.replace(/\?=\s+=\?/g, "?==?").replace(
    /=\?([^?]+)\?([BQ])\?([^?]*)\?=/gi,
    (_m, _cs, enc: string, text: string) =>
      new TextDecoder().decode(
        enc.toUpperCase() === "B"
          ? Uint8Array.from(atob(text), (c) => c.charCodeAt(0))
          : qp(text.replace(/_/g, " ")),
      ),
  );
}
