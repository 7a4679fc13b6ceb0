/**
 * The live streams' jobs (lib/queue): `live_finish` turns an ended stream into
 * a video (final playlists, then the recording queued for the usual transcode)
 * and `live_sweep`, every 10 s, ends streams nobody feeds any more, whatever
 * became of their ingest. Handlers: workers/live.ts.
 */
import { z } from "zod";
import { defineSchedule, jobKind } from "../queue/mod.ts";

/** Ends a stream's packaging and builds its recording (workers/live.ts). */
export const liveFinishKind = jobKind({
  kind: "live_finish",
  payload: z.object({ videoId: z.uuid() }),
  videoOf: (p) => p.videoId,
  maxAttempts: 3,
});

/** Ends streams without data for the idle timeout and no live publisher lease. */
export const liveSweepKind = jobKind({
  kind: "live_sweep",
  payload: z.object({}),
  maxAttempts: 1,
});

/** The sweep's schedule: every 10 s, so a stream ends at most ~40 s after its last data. */
export const liveSweepSchedule = defineSchedule({
  name: "live_sweep",
  everyMs: 10_000,
  kind: liveSweepKind,
  payload: {},
});
