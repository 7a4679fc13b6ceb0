import { z } from "zod";
import type { Sql } from "../lib/db/mod.ts";
import {
  addDays,
  dropPartitionsBefore,
  ensurePartitions,
  utcDay,
} from "../lib/analytics/partitions.ts";
import { rollupPending } from "../lib/analytics/rollup.ts";
import { dropOldSalts } from "../lib/analytics/viewer_id.ts";
import {
  type AnyJobDefinition,
  defineJob,
  defineSchedule,
  type Schedule,
} from "../lib/queue/mod.ts";

/** Days of partitions kept ready ahead of today, so ingest never waits for DDL at midnight. */
const PARTITIONS_AHEAD = 3;

/**
 * The analytics chores: the rollup (every `rollupEveryMs`: the days with new
 * events, recomputed whole, so a re-run or an overlap changes nothing) and the
 * hourly maintenance (partitions created ahead, raw partitions past the
 * retention dropped, expired viewer-id salts deleted).
 */
export function analyticsJobs(
  deps: { sql: Sql },
  options: { rawRetentionDays: number; rollupEveryMs: number },
): { jobs: AnyJobDefinition[]; schedules: Schedule[] } {
  const rollup = defineJob({
    kind: "analytics_rollup",
    payload: z.object({}),
    concurrency: 1,
    handler: async () => {
      await rollupPending(deps.sql);
    },
  });
  const maintain = defineJob({
    kind: "analytics_maintenance",
    payload: z.object({}),
    concurrency: 1,
    handler: async () => {
      const today = utcDay(Date.now());
      await ensurePartitions(deps.sql, today, { ahead: PARTITIONS_AHEAD });
      // Rolled up first: a day's raw events are never dropped before its last rollup.
      await rollupPending(deps.sql);
      await dropPartitionsBefore(deps.sql, addDays(today, -options.rawRetentionDays));
      await dropOldSalts(deps.sql);
    },
  });
  return {
    jobs: [rollup, maintain],
    schedules: [
      defineSchedule({
        name: "analytics_rollup",
        everyMs: options.rollupEveryMs,
        kind: rollup,
        payload: {},
      }),
      defineSchedule({
        name: "analytics_maintenance",
        everyMs: 3_600_000,
        kind: maintain,
        payload: {},
      }),
    ],
  };
}
