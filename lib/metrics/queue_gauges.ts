import { Gauge, type Registry } from "prom-client";
import type { Sql } from "../db/mod.ts";
import { queueCounts } from "../queue/admin.ts";
import { isJobWaiting } from "../queue/states.ts";

/** The most finished jobs one scrape reads (the newest of the last day). */
const WINDOW_ROWS = 10_000;

interface Snapshot {
  counts: { kind: string; state: string; count: number }[];
  finished: { kind: string; succeeded: number; dead: number; runS: number; totalS: number }[];
  transcode: { n: number; mediaS: number; wallS: number };
}

async function read(sql: Sql, transcodeKind: string): Promise<Snapshot> {
  const counts = await queueCounts(sql);
  // Through the partial index on finished_at; at most WINDOW_ROWS rows.
  const finished = await sql<Snapshot["finished"]>`
    select kind, count(*) filter (where state = 'succeeded')::int as succeeded,
      count(*) filter (where state = 'dead')::int as dead,
      coalesce(avg(extract(epoch from finished_at - started_at))
        filter (where state = 'succeeded'), 0)::float8 as "runS",
      coalesce(avg(extract(epoch from finished_at - created_at))
        filter (where state = 'succeeded'), 0)::float8 as "totalS"
    from (select kind, state, created_at, started_at, finished_at from jobs
      where state in ('succeeded', 'dead') and finished_at > now() - interval '1 day'
      order by finished_at desc limit ${WINDOW_ROWS}) j
    group by kind`;
  const [transcode] = await sql<Snapshot["transcode"][]>`
    select count(*)::int as n, coalesce(sum(v.duration_s), 0)::float8 as "mediaS",
      coalesce(sum(extract(epoch from j.finished_at - j.started_at)), 0)::float8 as "wallS"
    from (select video_id, started_at, finished_at from jobs
      where state = 'succeeded' and kind = ${transcodeKind}
        and finished_at > now() - interval '1 day'
      order by finished_at desc limit ${WINDOW_ROWS}) j
    join videos v on v.id = j.video_id
    where v.duration_s > 0 and j.finished_at > j.started_at`;
  return { counts, finished, transcode };
}

/**
 * The worker-side figures, read from the jobs and videos tables at scrape
 * time rather than counted inside worker processes: they are then the same
 * whichever web process is scraped and however many worker hosts run (a
 * worker needs no listener of its own). Because every web process answers
 * the same figures, aggregate them across instances with max(), not sum().
 * Windows: "last day" figures cover the newest WINDOW_ROWS jobs that
 * finished in the last 24 h.
 */
export function registerQueueGauges(
  registry: Registry,
  sql: Sql,
  options: { transcodeKind: string; kinds: string[] },
): void {
  // One read per scrape: prom-client starts every metric's collect() in the same tick, so
  // they all share the read in flight; the next scrape reads afresh.
  let inflight: Promise<Snapshot> | undefined;
  const snapshot = () =>
    inflight ??= read(sql, options.transcodeKind).finally(() => inflight = undefined);
  const byKind = (
    name: string,
    help: string,
    pick: (s: Snapshot, kind: string) => number,
  ) =>
    new Gauge({
      name,
      help,
      labelNames: ["kind"],
      registers: [registry],
      async collect() {
        const s = await snapshot();
        const kinds = new Set([...options.kinds, ...s.counts.map((c) => c.kind)]);
        for (const kind of kinds) this.set({ kind }, pick(s, kind));
      },
    });
  const count = (s: Snapshot, kind: string, state: (state: string) => boolean) =>
    s.counts.filter((c) => c.kind === kind && state(c.state)).reduce((n, c) => n + c.count, 0);
  const done = (s: Snapshot, kind: string) => s.finished.find((f) => f.kind === kind);
  byKind(
    "videoflow_queue_length",
    "Jobs waiting to run (ready), by kind: the processing queue.",
    (s, k) => count(s, k, isJobWaiting),
  );
  byKind(
    "videoflow_jobs_running",
    "Jobs running now, by kind.",
    (s, k) => count(s, k, (state) => state === "running"),
  );
  byKind(
    "videoflow_jobs_dead",
    "Dead letters (jobs that failed for good and wait for an admin), by kind.",
    (s, k) => count(s, k, (state) => state === "dead"),
  );
  byKind(
    "videoflow_jobs_failed_last_day",
    "Jobs that failed for good in the last 24 h, by kind.",
    (s, k) => done(s, k)?.dead ?? 0,
  );
  byKind(
    "videoflow_jobs_succeeded_last_day",
    "Jobs that succeeded in the last 24 h, by kind.",
    (s, k) => done(s, k)?.succeeded ?? 0,
  );
  byKind(
    "videoflow_job_run_seconds_avg",
    "Average run time of the jobs that succeeded in the last 24 h, by kind (s).",
    (s, k) => done(s, k)?.runS ?? 0,
  );
  new Gauge({
    name: "videoflow_video_processing_seconds_avg",
    help: "Average time from queueing a video's transcode to its success, last 24 h (s).",
    registers: [registry],
    async collect() {
      this.set(
        (await snapshot()).finished.find((f) => f.kind === options.transcodeKind)?.totalS ?? 0,
      );
    },
  });
  new Gauge({
    name: "videoflow_transcode_speed_ratio",
    help: "Transcode speed: seconds of video per second of transcoding, last 24 h (× real time; " +
      "0 without transcodes).",
    registers: [registry],
    async collect() {
      const t = (await snapshot()).transcode;
      this.set(t.wallS > 0 ? t.mediaS / t.wallS : 0);
    },
  });
}
