import type { Sql } from "../db/mod.ts";
import { type DeadJob, type Job, JOB_COLUMNS } from "./ledger.ts";

/** The job record, if it exists. */
export async function getJob(sql: Sql, id: string): Promise<Job | undefined> {
  const [job] = await sql.unsafe<Job[]>(`select ${JOB_COLUMNS} from jobs where id = $1`, [id]);
  return job;
}

/** The id of the ready or running job of a video, if any. */
export async function jobForVideo(sql: Sql, videoId: string): Promise<string | undefined> {
  const [row] = await sql<{ id: string }[]>`
    select id from jobs where video_id = ${videoId} and state in ('ready', 'running')
    order by created_at desc limit 1`;
  return row?.id;
}

/** Dead-lettered jobs, newest first (at most `limit`). */
export async function listDeadJobs(sql: Sql, options: { limit?: number } = {}): Promise<DeadJob[]> {
  const rows = await sql.unsafe<Job[]>(
    `select ${JOB_COLUMNS} from jobs where state = 'dead' order by finished_at desc limit $1`,
    [Math.min(options.limit ?? 100, 1000)],
  );
  return rows.map((job) => ({ job, reason: job.error ?? "" }));
}
