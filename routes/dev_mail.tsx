import { Hono } from "hono";
import { DevMailList, DevMailMessage } from "../components/DevMail.tsx";
import { listOutbox, readOutbox } from "../lib/mail/mod.ts";
import { NotFoundError } from "../lib/errors.ts";
import { page } from "./_render.tsx";

/** The newest messages listed; older ones stay in the directory. */
const LIST_LIMIT = 100;

/**
 * /dev/mail: the outbox read in the browser, so that a new install can finish
 * every mail flow without a mail server. app.ts mounts it only when
 * DEV_MAIL_VIEWER is on (`deno task dev`) and no SMTP_URL is set.
 */
export function devMailRoutes(deps: { outboxDir: string }): Hono {
  return new Hono()
    .get("/dev/mail", async (c) => {
      const messages = await listOutbox(deps.outboxDir, { limit: LIST_LIMIT });
      c.header("Cache-Control", "no-store");
      return page(c, <DevMailList messages={messages} dir={deps.outboxDir} />);
    })
    .get("/dev/mail/:id", async (c) => {
      const message = await readOutbox(deps.outboxDir, c.req.param("id"));
      if (!message) throw new NotFoundError("There is no such message in the outbox.");
      c.header("Cache-Control", "no-store");
      return page(c, <DevMailMessage message={message} />);
    });
}
