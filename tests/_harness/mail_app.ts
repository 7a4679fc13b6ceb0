import type { Hono } from "hono";
import { createApp } from "../../app.ts";
import type { Services } from "../../lib/services.ts";
import { startWorker, type Worker } from "../../workers/mod.ts";
import { TestClient } from "./client.ts";
import { openTestServices } from "./services.ts";
import { type SmtpInbox, startSmtpInbox } from "./smtp.ts";

/** The app with a worker sending mail to a loopback SMTP server (none with `smtp: false`). */
export interface MailApp {
  services: Services & { dir: string };
  app: Hono;
  /** Present unless opened with `smtp: false` (then mail goes to the outbox). */
  inbox: SmtpInbox;
  worker: Worker;
  client(): TestClient;
  close(): Promise<void>;
}

/** Opens test services, an SMTP inbox (SMTP_URL, MAIL_FROM) and a worker that sends. */
export async function openMailApp(
  options: { env?: Record<string, string>; smtp?: boolean } = {},
): Promise<MailApp> {
  const inbox = await startSmtpInbox();
  const env = {
    ...(options.smtp === false ? {} : { SMTP_URL: inbox.url }),
    MAIL_FROM: "VideoFlow Test <no-reply@videoflow.test>",
    JOB_RETRY_BASE_S: "0.05",
    WORKER_POLL_MS: "50",
    ...options.env,
  };
  const services = await openTestServices({ publicUrl: "https://videos.example.test", env });
  const worker = await startWorker(services);
  const app = createApp(services);
  return {
    services,
    app,
    inbox,
    worker,
    client: () => new TestClient(app, { origin: "https://videos.example.test" }),
    async close() {
      // Let a send in flight finish (a message can arrive before its job is marked done).
      for (let i = 0; i < 100; i++) {
        const [busy] = await services.db.sql`select 1 from jobs
          where kind = 'account_mail' and state = 'running'`;
        if (!busy) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await worker.stop();
      await inbox.close();
      await services.close();
    },
  };
}
