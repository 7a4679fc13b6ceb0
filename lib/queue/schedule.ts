import type { Sql } from "../db/mod.ts";
import type { JobKind } from "./define.ts";

/** A job that is queued every `everyMs` by whichever worker claims the slot first. */
export interface Schedule {
  name: string;
  everyMs: number;
  /** Queues this schedule's job (called once per slot, by one worker). */
  enqueue(sql: Sql): Promise<unknown>;
}

/** Declares a recurring job: `kind` with `payload`, every `everyMs` (first slot: now). */
export function defineSchedule<P>(
  spec: { name: string; everyMs: number; kind: JobKind<P>; payload: P },
): Schedule {
  return {
    name: spec.name,
    everyMs: spec.everyMs,
    enqueue: (sql) => spec.kind.enqueue(sql, spec.payload, { dedupeKey: `schedule:${spec.name}` }),
  };
}

/** Records the schedules (a changed period applies from the next slot). */
export async function registerSchedules(sql: Sql, schedules: Schedule[]): Promise<void> {
  for (const s of schedules) {
    await sql`
      insert into job_schedules (name, every_ms, next_run_at) values (${s.name}, ${s.everyMs}, now())
      on conflict (name) do update set every_ms = excluded.every_ms`;
  }
}

/**
 * Queues the job of every schedule whose slot has come. Claiming a slot is a
 * conditional UPDATE that moves next_run_at forward, so however many workers
 * call this at once, each slot is queued once. A missed slot is not caught up:
 * the next one is a full period after the claim.
 */
export async function runDueSchedules(sql: Sql, schedules: Schedule[]): Promise<string[]> {
  if (schedules.length === 0) return [];
  const due = await sql<{ name: string }[]>`
    update job_schedules set last_run_at = now(),
      next_run_at = now() + every_ms * interval '1 millisecond'
    where name = any(${schedules.map((s) => s.name)}) and next_run_at <= now()
    returning name`;
  for (const { name } of due) await schedules.find((s) => s.name === name)!.enqueue(sql);
  return due.map((d) => d.name);
}
