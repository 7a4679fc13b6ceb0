import type { Sql } from "../db/mod.ts";
import { type Claim, type Job, JOB_COLUMNS } from "./ledger.ts";

/** What a claim may take. */
export interface ClaimOptions {
  leaseMs: number;
  kinds: string[];
  /** Running jobs per kind across every worker (kinds not listed: no limit). */
  kindLimits?: Record<string, number>;
  /** Running jobs per owner across every worker ('system' is exempt). */
  ownerLimit?: number;
  /** Jobs whose cost is above this are in the long lane. */
  shortCost?: number;
  /** "short": only the short lane; "prefer-short"/"prefer-long": either, that one first. */
  lane?: "short" | "prefer-short" | "prefer-long";
  /** Overrides the job's maxAttempts (the claiming worker's configuration decides). */
  maxAttempts?: number;
}

/**
 * Claims the best ready job whose time has come: highest priority, then the
 * preferred lane, then the owner served longest ago, then the oldest. Owners
 * with ready work are enumerated by a skip scan of the ready index and each
 * eligible owner contributes its best job per lane (two index probes), so a
 * claim costs about the number of owners waiting, not the size of the backlog.
 * Claims are serialised by an advisory lock so that the per-owner and per-kind
 * counts they check cannot be raced past by another worker.
 */
export async function claimJob(
  sql: Sql,
  workerId: string,
  options: ClaimOptions,
): Promise<Claim | undefined> {
  const shortCost = options.shortCost ?? Number.MAX_VALUE;
  const lane = options.lane ?? "prefer-short";
  const ownerLimit = options.ownerLimit ?? null;
  const limits = sql.json(options.kindLimits ?? {});
  const token = crypto.randomUUID();
  const job = await sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtext('videoflow.jobs.claim'))`;
    // A job of a kind at its concurrency limit is passed over.
    const kindOpen = tx`
      ((${limits}::jsonb ->> j.kind) is null or
       (select count(*) from jobs r where r.state = 'running' and r.kind = j.kind)
         < (${limits}::jsonb ->> j.kind)::int)`;
    const [pick] = await tx<{ id: string }[]>`
      with recursive owners(o) as (
        (select owner_id from jobs where state = 'ready' order by owner_id limit 1)
        union all
        select (select j.owner_id from jobs j where j.state = 'ready' and j.owner_id > owners.o
                order by j.owner_id limit 1)
        from owners where owners.o is not null
      ),
      eligible as (
        select o from owners where o is not null and
          (o = 'system' or ${ownerLimit}::int is null or
           (select count(*) from jobs r where r.state = 'running' and r.owner_id = o)
             < ${ownerLimit}::int)
      ),
      candidates as (
        select c.* from eligible e
        cross join lateral (
          (select j.id, j.priority, j.run_at, j.created_at, true as short from jobs j
           where j.state = 'ready' and j.owner_id = e.o and j.run_at <= now()
             and j.kind = any(${options.kinds}) and coalesce(j.cost, 0) <= ${shortCost}::float8
             and ${kindOpen}
           order by j.priority desc, j.run_at limit 1)
          union all
          (select j.id, j.priority, j.run_at, j.created_at, false as short from jobs j
           where j.state = 'ready' and j.owner_id = e.o and j.run_at <= now()
             and j.kind = any(${options.kinds}) and coalesce(j.cost, 0) > ${shortCost}::float8
             and ${lane}::text <> 'short' and ${kindOpen}
           order by j.priority desc, j.run_at limit 1)
        ) c
      )
      select c.id from candidates c
      join jobs j on j.id = c.id
      left join job_owners jo on jo.owner_id = j.owner_id
      order by c.priority desc, c.short = (${lane}::text <> 'prefer-long') desc,
        jo.last_served_at nulls first, c.run_at, c.created_at
      limit 1`;
    if (!pick) return undefined;
    const [claimed] = await tx.unsafe<Job[]>(
      `update jobs set state = 'running', attempts = attempts + 1,
         max_attempts = coalesce($1, max_attempts), worker_id = $2, lease_token = $3,
         lease_expires_at = now() + $4::float8 * interval '1 millisecond', started_at = now(),
         progress = 0, error = null, finished_at = null
       where id = $5 and state = 'ready' returning ${JOB_COLUMNS}`,
      [options.maxAttempts ?? null, workerId, token, options.leaseMs, pick.id],
    );
    // Cancelled between the pick and the update: the next poll picks again.
    if (!claimed) return undefined;
    await tx`
      insert into job_owners (owner_id, last_served_at) values (${claimed.ownerId}, now())
      on conflict (owner_id) do update set last_served_at = now()`;
    return claimed;
  });
  return job ? { job, lease: { jobId: job.id, workerId, token } } : undefined;
}
