import type { Sql } from "../db/mod.ts";

/**
 * Deletes succeeded and cancelled jobs that finished more than `olderThanMs`
 * ago, oldest first, at most `limit` per call (through the partial index on
 * finished_at). Dead letters stay until an administrator retries them or they
 * are removed by hand: they are the record of what went wrong.
 */
export async function pruneFinishedJobs(
  sql: Sql,
  options: { olderThanMs: number; limit?: number },
): Promise<number> {
  const rows = await sql`
    delete from jobs where id in (
      select id from jobs
      where state in ('succeeded', 'cancelled')
        and finished_at < now() - ${options.olderThanMs}::float8 * interval '1 millisecond'
      order by finished_at limit ${options.limit ?? 10_000})
    returning id`;
  return rows.length;
}
