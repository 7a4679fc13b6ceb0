import { ensurePrivateDir, PRIVATE_FILE_MODE } from "../private_fs.ts";
import type { Mailer, MailMessage, SentMessage } from "./types.ts";

/** Outbox file names: sortable by time, then random; nothing user-controlled. */
const ID = /^\d{13}-[0-9a-f]{8}$/;

/**
 * The embedded default without SMTP_URL: each message is one private JSON file
 * in `dir` (DATA_DIR/outbox), so that a new install can finish every mail flow
 * by reading them (in `deno task dev`, at /dev/mail).
 */
export function outboxMailer(options: { dir: string; from: string }): Mailer {
  return {
    kind: "outbox",
    async send(message: MailMessage) {
      await ensurePrivateDir(options.dir);
      const id = `${Date.now()}-${crypto.randomUUID().slice(0, 8)}`;
      const sent: SentMessage = {
        id,
        from: options.from,
        date: new Date().toISOString(),
        ...message,
      };
      await Deno.writeTextFile(`${options.dir}/${id}.json`, JSON.stringify(sent, null, 2), {
        mode: PRIVATE_FILE_MODE,
        createNew: true,
      });
    },
    close() {},
  };
}

/** The newest `limit` messages of the outbox, newest first. */
export async function listOutbox(dir: string, options: { limit: number }): Promise<SentMessage[]> {
  const ids: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) {
      const id = e.name.replace(/\.json$/, "");
      if (e.isFile && ID.test(id)) ids.push(id);
    }
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return [];
    throw err;
  }
  ids.sort().reverse();
  const out: SentMessage[] = [];
  for (const id of ids.slice(0, options.limit)) {
    const m = await readOutbox(dir, id);
    if (m) out.push(m);
  }
  return out;
}

/** One outbox message by id; undefined for an unknown or malformed id. */
export async function readOutbox(dir: string, id: string): Promise<SentMessage | undefined> {
  if (!ID.test(id)) return undefined;
  try {
    return JSON.parse(await Deno.readTextFile(`${dir}/${id}.json`)) as SentMessage;
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return undefined;
    throw err;
  }
}
