import type { Sql } from "../lib/db/mod.ts";
import { log } from "../lib/log.ts";
import { type AnyJobDefinition, handleJob, type Schedule } from "../lib/queue/mod.ts";
import {
  publishDueVideos,
  publishScheduledKind,
  publishScheduledSweep,
} from "../lib/videos/publish_schedule.ts";

/**
 * Scheduled publishing: the one-shot job queued for each video's time and the
 * minutely sweep both publish every video that is due (one query, locked rows
 * skipped), so a job that ran early, late or not at all changes nothing.
 */
export function publishingJobs(
  deps: { sql: Sql },
): { jobs: AnyJobDefinition[]; schedules: Schedule[] } {
  const job = handleJob(publishScheduledKind, async () => {
    const ids = await publishDueVideos(deps.sql);
    if (ids.length) log("info", "scheduled videos published", { count: ids.length });
  });
  return { jobs: [job], schedules: [publishScheduledSweep] };
}
