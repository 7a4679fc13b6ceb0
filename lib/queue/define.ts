import type { z } from "zod";
import type { Queryable, Sql } from "../db/mod.ts";
import { ValidationError } from "../errors.ts";
import { enqueueJob, type Job } from "./ledger.ts";
import { wakeLocalWorkers } from "./wake.ts";

/** What a kind of job is, without its handler (the web tier enqueues with this). */
export interface JobKindSpec<P> {
  /** The name stored on each job. */
  kind: string;
  /** Every payload is validated with this, when enqueued and again when run. */
  payload: z.ZodType<P>;
  /** Higher runs first. */
  priority?: number;
  /** At most this many jobs of the kind run at once, across every worker. */
  concurrency?: number;
  maxAttempts?: number;
  /** The video a payload works on: its jobs are cancelled with it and deleted with it. */
  videoOf?: (payload: P) => string | undefined;
  /** Tells the job's subject that an administrator cancelled it. */
  onAdminCancel?: (sql: Sql, job: Job) => Promise<void>;
}

/** How one job is queued. */
export interface EnqueueOptions {
  /** Not before this time. */
  runAt?: Date;
  /** While a job with this key is ready or running, enqueueing again returns it. */
  dedupeKey?: string;
  /** Whose work it is (fairness, per-owner concurrency); 'system' when unset. */
  ownerId?: string;
  /** What it costs to run; above the short-lane threshold it goes to the long lane. */
  cost?: number;
  /** The runner aborts the job (LimitError, no retry) after this long. */
  timeLimitMs?: number;
}

/** A kind of job that can be enqueued. */
export interface JobKind<P> extends JobKindSpec<P> {
  /** Validates the payload and queues a job; wakes this process's runners at once. */
  enqueue(
    sql: Queryable,
    payload: P,
    options?: EnqueueOptions,
  ): Promise<{ id: string; created: boolean }>;
}

/** What a handler gets: the job, its validated payload and a signal that aborts on cancel. */
export interface JobContext<P = unknown> {
  job: Job;
  payload: P;
  workerId: string;
  /** Aborts on cancellation, a lost lease, the time limit or shutdown. */
  signal: AbortSignal;
}

/** Does the work of one job; throw to fail the attempt. */
export type JobHandler<P = unknown> = (ctx: JobContext<P>) => Promise<void>;

/** A kind of job and the handler that runs it (what a worker registers). */
export interface JobDefinition<P = unknown> extends JobKind<P> {
  handler: JobHandler<P>;
}

/** A definition of any payload type, as a runner holds them. */
// deno-lint-ignore no-explicit-any
export type AnyJobDefinition = JobDefinition<any>;

/** Declares a kind of job: its name, payload schema and scheduling options. */
export function jobKind<P>(spec: JobKindSpec<P>): JobKind<P> {
  return {
    ...spec,
    async enqueue(sql, payload, options = {}) {
      const parsed = spec.payload.safeParse(payload);
      if (!parsed.success) {
        throw new ValidationError(`Invalid ${spec.kind} job payload.`, {
          details: parsed.error.issues,
        });
      }
      const res = await enqueueJob(sql, {
        kind: spec.kind,
        payload: parsed.data as Record<string, unknown>,
        priority: spec.priority,
        maxAttempts: spec.maxAttempts,
        videoId: spec.videoOf?.(parsed.data),
        ...options,
      });
      if (res.created) wakeLocalWorkers();
      return res;
    },
  };
}

/** Declares a kind of job together with its handler. */
export function defineJob<P>(spec: JobKindSpec<P> & { handler: JobHandler<P> }): JobDefinition<P> {
  return { ...jobKind(spec), handler: spec.handler };
}

/** Attaches a handler to a kind declared elsewhere (lib/ declares, workers/ handle). */
export function handleJob<P>(kind: JobKind<P>, handler: JobHandler<P>): JobDefinition<P> {
  return { ...kind, handler };
}
