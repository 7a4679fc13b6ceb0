import type { Sql } from "../lib/db/mod.ts";
import { announceVideo, announceVideoKind } from "../lib/notifications/fanout.ts";
import { type AnyJobDefinition, handleJob, type Schedule } from "../lib/queue/mod.ts";

/** The notification jobs: telling followers about a new video. */
export function notificationJobs(
  deps: { sql: Sql },
): { jobs: AnyJobDefinition[]; schedules: Schedule[] } {
  const announce = handleJob(announceVideoKind, async ({ payload }) => {
    await announceVideo(deps.sql, payload.videoId);
  });
  return { jobs: [announce], schedules: [] };
}
