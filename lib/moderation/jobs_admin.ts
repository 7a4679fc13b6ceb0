/** The admin jobs page's actions on the queue (lib/queue/admin.ts), audited. */
import type { Sql } from "../db/mod.ts";
import { cancelJobAsAdmin, type JobKindSpec, retryJob } from "../queue/mod.ts";
import { type AuditActor, recordAudit } from "./audit.ts";

/** Cancels a job (its kind's hook tells the subject) and records who did. */
export async function cancelJobAudited(
  sql: Sql,
  jobId: string,
  // deno-lint-ignore no-explicit-any
  options: { actor: AuditActor; kinds: JobKindSpec<any>[] },
): Promise<void> {
  await cancelJobAsAdmin(sql, jobId, { kinds: options.kinds });
  await recordAudit(sql, options.actor, {
    action: "job.cancel",
    target: { kind: "job", id: jobId },
  });
}

/** Queues a dead or cancelled job again and records who did. */
export async function retryJobAudited(
  sql: Sql,
  jobId: string,
  options: { actor: AuditActor },
): Promise<void> {
  await retryJob(sql, jobId);
  await recordAudit(sql, options.actor, {
    action: "job.retry",
    target: { kind: "job", id: jobId },
  });
}
