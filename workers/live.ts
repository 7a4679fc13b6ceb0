import type { Sql } from "../lib/db/mod.ts";
import { log } from "../lib/log.ts";
import { type AnyJobDefinition, handleJob, type Schedule } from "../lib/queue/mod.ts";
import type { Storage } from "../lib/storage/mod.ts";
import { liveFinishKind, liveSweepKind, liveSweepSchedule } from "../lib/live/finish_job.ts";
import { finishStream } from "../lib/live/recording.ts";
import { liveReminderKind, remindFollowers } from "../lib/live/reminders.ts";
import { closeStreamChat, endStream, staleStreams } from "../lib/live/session.ts";
import type { TranscodeBudget } from "../lib/videos/transcode_job.ts";

/**
 * Live streams' jobs: `live_finish` closes an ended stream's playlists and
 * queues its recording (and makes sure its chat room is closed),
 * `live_reminder` tells followers before a scheduled start, and the
 * `live_sweep` every 10 s ends streams that nothing has fed for the idle
 * timeout and whose ingest lease lapsed (an ingest that died), so nothing
 * stays live forever.
 */
export function liveJobs(
  deps: {
    sql: Sql;
    storage: Storage;
    ffmpegPath: string;
    tmpDir?: string;
    budget?: TranscodeBudget;
    idleTimeoutS: number;
  },
): { jobs: AnyJobDefinition[]; schedules: Schedule[] } {
  const finish = handleJob(liveFinishKind, async ({ payload, signal }) => {
    const outcome = await finishStream(deps, payload.videoId, { signal });
    log("info", "live stream finished", { videoId: payload.videoId, outcome });
    if (outcome !== "gone") await closeStreamChat(deps.sql, payload.videoId);
  });
  const sweep = handleJob(liveSweepKind, async () => {
    for (const videoId of await staleStreams(deps.sql, deps.idleTimeoutS * 1000)) {
      await endStream(deps.sql, videoId, { reason: "No data arrived for too long." });
      log("info", "stale live stream ended", { videoId });
    }
  });
  const remind = handleJob(liveReminderKind, async ({ payload }) => {
    const told = await remindFollowers(deps.sql, payload.videoId, new Date(payload.at));
    log("info", "live reminder sent", { videoId: payload.videoId, told });
  });
  return { jobs: [finish, sweep, remind], schedules: [liveSweepSchedule] };
}
