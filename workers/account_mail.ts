import { accountMailKind, composeAccountMail } from "../lib/auth/mod.ts";
import type { Sql } from "../lib/db/mod.ts";
import type { Mailer, MailSite } from "../lib/mail/mod.ts";
import { type AnyJobDefinition, handleJob } from "../lib/queue/mod.ts";

/**
 * Sends account mail (verification, reset, email change, notices): composes
 * the message (issuing its link's token) and hands it to the Mailer. A
 * refused or unreachable server fails the attempt; the queue retries it.
 */
export function accountMailJob(
  deps: { sql: Sql; mailer: Mailer; site: MailSite },
): AnyJobDefinition {
  return handleJob(accountMailKind, async ({ payload }) => {
    const message = await composeAccountMail(deps.sql, payload, { site: deps.site });
    if (message) await deps.mailer.send(message);
  });
}
