import { z } from "zod";
import type { Sql } from "../lib/db/mod.ts";
import {
  type AnyJobDefinition,
  defineJob,
  defineSchedule,
  pruneFinishedJobs,
  type Schedule,
} from "../lib/queue/mod.ts";
import type { Storage } from "../lib/storage/types.ts";
import { sweepExpiredUploads } from "../lib/uploads/abort.ts";
import { pruneViewEvents } from "../lib/videos/trending.ts";
import { storeTrending, TRENDING_EVERY_MS } from "../lib/videos/trending_table.ts";
import { pruneViewLog } from "../lib/videos/view_log.ts";
import { pruneRefreshTokens } from "../lib/auth/refresh_tokens.ts";
import { pruneDeviceSessions } from "../lib/auth/device_sessions.ts";
import { liftExpiredBans } from "../lib/auth/ban_expiry.ts";

/**
 * The recurring jobs every worker offers: the sweep of abandoned uploads
 * (every `sweepEveryMs`, the first slot at once) and the pruning of finished
 * jobs older than `retentionMs` (hourly) and of the view records (hourly: the
 * co-viewing log's old rows and each viewer's excess, view events past the
 * trending window), of expired sessions (hourly: refresh tokens and their
 * device rows; bans past their end are lifted then too), and the trending
 * ranking every minute, stored for every web process to read
 * (lib/videos/trending_table.ts). One worker runs each slot.
 */
export function housekeeping(
  deps: { sql: Sql; storage: Storage },
  options: { sweepEveryMs: number; retentionMs: number },
): { jobs: AnyJobDefinition[]; schedules: Schedule[] } {
  const sweep = defineJob({
    kind: "sweep_uploads",
    payload: z.object({}),
    concurrency: 1,
    handler: async () => {
      await sweepExpiredUploads(deps);
      // A part may stream for up to 30 minutes; an hour is safely past that.
      await deps.storage.sweepTemporary({ olderThanMs: 60 * 60 * 1000 });
    },
  });
  const prune = defineJob({
    kind: "prune_jobs",
    payload: z.object({}),
    concurrency: 1,
    handler: async () => {
      await pruneFinishedJobs(deps.sql, { olderThanMs: options.retentionMs });
    },
  });
  const pruneViews = defineJob({
    kind: "prune_view_log",
    payload: z.object({}),
    concurrency: 1,
    handler: async () => {
      await pruneViewLog(deps.sql);
      // View events past the trending window weigh nothing (lib/videos/trending.ts).
      await pruneViewEvents(deps.sql);
    },
  });
  const pruneSessions = defineJob({
    kind: "prune_sessions",
    payload: z.object({}),
    concurrency: 1,
    handler: async () => {
      // Refresh tokens a day past expiry, then the device rows of sessions left with none.
      await pruneRefreshTokens(deps.sql);
      await pruneDeviceSessions(deps.sql);
      // Bans whose end has passed, for users who have not signed in since (ban_expiry.ts).
      await liftExpiredBans(deps.sql);
    },
  });
  const rankTrending = defineJob({
    kind: "rank_trending",
    payload: z.object({}),
    concurrency: 1,
    handler: async () => {
      await storeTrending(deps.sql);
    },
  });
  return {
    jobs: [sweep, prune, pruneViews, pruneSessions, rankTrending],
    schedules: [
      defineSchedule({
        name: "sweep_uploads",
        everyMs: options.sweepEveryMs,
        kind: sweep,
        payload: {},
      }),
      defineSchedule({ name: "prune_jobs", everyMs: 3_600_000, kind: prune, payload: {} }),
      defineSchedule({
        name: "prune_view_log",
        everyMs: 3_600_000,
        kind: pruneViews,
        payload: {},
      }),
      defineSchedule({
        name: "prune_sessions",
        everyMs: 3_600_000,
        kind: pruneSessions,
        payload: {},
      }),
      defineSchedule({
        name: "rank_trending",
        everyMs: TRENDING_EVERY_MS,
        kind: rankTrending,
        payload: {},
      }),
    ],
  };
}
