import { z } from "zod";
import type { Sql } from "../lib/db/mod.ts";
import type { Mailer, MailSite } from "../lib/mail/mod.ts";
import { announceVideo, announceVideoKind } from "../lib/notifications/fanout.ts";
import { dueDigests, sendDigest } from "../lib/notifications/digest.ts";
import {
  type AnyJobDefinition,
  defineJob,
  defineSchedule,
  handleJob,
  type Schedule,
} from "../lib/queue/mod.ts";

/**
 * The notification jobs: telling followers about a new video, and every
 * minute the email digests that are due (one message per user, batched).
 */
export function notificationJobs(
  deps: { sql: Sql; mailer: Mailer; site: MailSite },
): { jobs: AnyJobDefinition[]; schedules: Schedule[] } {
  const announce = handleJob(announceVideoKind, async ({ payload }) => {
    await announceVideo(deps.sql, payload.videoId);
  });
  const digests = defineJob({
    kind: "notification_digests",
    payload: z.object({}),
    concurrency: 1,
    handler: async () => {
      for (const userId of await dueDigests(deps.sql, { limit: 200 })) {
        await sendDigest(deps.sql, userId, {
          site: deps.site,
          send: (m) => deps.mailer.send(m),
        });
      }
    },
  });
  return {
    jobs: [announce, digests],
    schedules: [
      defineSchedule({ name: "notification_digests", everyMs: 60_000, kind: digests, payload: {} }),
    ],
  };
}
