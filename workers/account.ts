import { z } from "zod";
import type { Sql } from "../lib/db/mod.ts";
import { deleteAccountKind, removeAccountContent } from "../lib/account/deletion.ts";
import { pruneSourceExports } from "../lib/account/prune_exports.ts";
import {
  buildSourceExport,
  failSourceExport,
  sourceExportKind,
} from "../lib/account/source_export.ts";
import { notify } from "../lib/notifications/notify.ts";
import { type Mailer, type MailSite, renderMail } from "../lib/mail/mod.ts";
import {
  type AnyJobDefinition,
  defineJob,
  defineSchedule,
  handleJob,
  type Job,
  type Schedule,
} from "../lib/queue/mod.ts";
import type { Storage } from "../lib/storage/types.ts";
import { makeJobDir } from "./_job_files.ts";

/**
 * The jobs of "your data": removing a deleted account's content, building an
 * archive of someone's sources (its owner is told when it is ready), and the
 * hourly removal of archives past their week.
 */
export function accountJobs(
  deps: {
    sql: Sql;
    storage: Storage;
    mailer: Mailer;
    site: MailSite;
    /** Runs first when an account is removed (premium: its Stripe subscriptions end). */
    beforeRemove?: (userId: string) => Promise<unknown>;
  },
  options: { tmpDir?: string },
): { jobs: AnyJobDefinition[]; schedules: Schedule[] } {
  const remove = handleJob(deleteAccountKind, async ({ payload }) => {
    await deps.beforeRemove?.(payload.userId);
    const { videos } = await removeAccountContent(deps, payload.userId);
    // The confirmation goes to the address the account had (released at the request).
    await deps.mailer.send({
      to: payload.email,
      ...renderMail(deps.site, {
        subject: `Your ${deps.site.name} account has been deleted`,
        paragraphs: [
          `Hello ${payload.displayName},`,
          `Your account has been deleted as you asked, with everything in it` +
          (videos ? ` (${videos} video${videos === 1 ? "" : "s"} and their files)` : "") +
          ": comments, likes, follows, playlists and history.",
          "If you did not ask for this, reply to this message.",
        ],
      }),
    });
  });
  const exportSources = handleJob(sourceExportKind, async ({ job, payload }) => {
    const dir = await makeJobDir(options.tmpDir, job.id);
    try {
      const done = await buildSourceExport(deps, payload.exportId, { tmpDir: dir });
      if (!done) return;
      const [row] = await deps.sql<{ userId: string }[]>`
        select user_id as "userId" from account_exports where id = ${payload.exportId}`;
      await notify(deps.sql, row.userId, {
        kind: "export_ready",
        subjectId: payload.exportId,
        data: { reason: `${done.videoCount} source files, in ${done.parts} part(s).` },
        dedupeKey: `export_ready:${payload.exportId}`,
      });
    } finally {
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    }
  });
  const prune = defineJob({
    kind: "prune_exports",
    payload: z.object({}),
    concurrency: 1,
    handler: async () => {
      await pruneSourceExports(deps);
    },
  });
  return {
    jobs: [remove, exportSources, prune],
    schedules: [
      defineSchedule({ name: "prune_exports", everyMs: 3_600_000, kind: prune, payload: {} }),
    ],
  };
}

/** What to record when one of these jobs has used up its attempts. */
export async function accountJobDied(sql: Sql, job: Job, reason: string): Promise<void> {
  if (job.kind !== sourceExportKind.kind) return;
  const parsed = sourceExportKind.payload.safeParse(job.payload);
  if (parsed.success) await failSourceExport(sql, parsed.data.exportId, reason);
}
