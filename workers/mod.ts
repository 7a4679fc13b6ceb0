import { configFromEnv } from "../lib/config.ts";
import { log } from "../lib/log.ts";
import { publicReason } from "../lib/media/public_reason.ts";
import { checkMediaTools } from "../lib/media/tools.ts";
import { startRunner, TRANSCODE } from "../lib/queue/mod.ts";
import { openServices, type Services } from "../lib/services.ts";
import { sweepExpiredUploads } from "../lib/uploads/abort.ts";
import { markFailed, markJobCancelled, markJobRetrying } from "../lib/videos/processing.ts";
import { transcodeJob } from "./transcode.ts";

/** A running worker; `stop()` resolves once in-flight work is released. */
export interface Worker {
  id: string;
  stop(): Promise<void>;
}

/**
 * Starts a worker inside this process: it polls the KV ledger and runs up to
 * WORKER_CONCURRENCY transcodes. Without FFmpeg it says so in one sentence and
 * does no media work, so that the web tier still runs. `stop()` aborts running
 * jobs (ffmpeg is killed) and releases their leases for another worker.
 */
export async function startWorker(
  services: Pick<Services, "config" | "db" | "storage" | "kv">,
  options: { concurrency?: number; sweepEveryMs?: number } = {},
): Promise<Worker> {
  const { config, db, storage, kv } = services;
  const id = `${Deno.hostname()}:${Deno.pid}:${crypto.randomUUID().slice(0, 8)}`;
  const sweeper = startUploadSweeper({ sql: db.sql, storage }, {
    everyMs: options.sweepEveryMs ?? SWEEP_EVERY_MS,
  });
  const tools = await checkMediaTools(config);
  if (!tools.ok) {
    log("warn", tools.problem, { component: "worker" });
    return { id, stop: () => sweeper.stop() };
  }
  const sql = db.sql;
  const runner = startRunner(kv, {
    workerId: id,
    concurrency: options.concurrency ?? config.worker.concurrency,
    pollMs: config.worker.pollMs,
    leaseMs: config.worker.leaseMs,
    retryBaseMs: config.worker.retryBaseMs,
    maxAttempts: config.worker.maxAttempts,
    handlers: { [TRANSCODE]: (ctx) => transcodeJob({ sql, storage, config }, ctx) },
    onDead: (dead) =>
      markFailed(sql, { videoId: dead.job.videoId, jobId: dead.job.id }, readable(dead.reason)),
    onRetry: (job, info) => markJobRetrying(sql, job.id, info.error),
    onCancelled: (job) => markJobCancelled(sql, job.id),
  });
  log("info", "worker ready", {
    component: "worker",
    workerId: id,
    concurrency: options.concurrency ?? config.worker.concurrency,
    ffmpeg: tools.version,
  });
  return {
    id,
    stop: async () => {
      await sweeper.stop();
      await runner.stop();
    },
  };
}

/** Abandoned uploads are looked for this often (they expire 24 h after they start). */
const SWEEP_EVERY_MS = 10 * 60 * 1000;

/**
 * Runs sweepExpiredUploads() once now and then every `everyMs`; `stop()` waits
 * for a sweep in progress. Several workers sweeping at once is harmless: each
 * step tolerates what another already removed.
 */
export function startUploadSweeper(
  deps: Pick<Parameters<typeof sweepExpiredUploads>[0], "sql" | "storage">,
  options: { everyMs: number },
): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const sweep = () => {
    running = running.then(() => sweepExpiredUploads(deps)).catch((err) => {
      log("warn", "upload sweep failed", { component: "worker", err });
    });
  };
  sweep();
  const timer = setInterval(sweep, options.everyMs);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

/** Failure reasons are shown to the video's owner: only through publicReason(), never raw. */
function readable(reason: string): string {
  return publicReason(reason, { component: "worker" });
}

if (import.meta.main) {
  const config = configFromEnv();
  if (!config.database.url) {
    console.error(
      "The standalone worker needs DATABASE_URL: the embedded database belongs to `deno task dev`, which runs a worker itself.",
    );
    Deno.exit(1);
  }
  const services = await openServices(config);
  const worker = await startWorker(services);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    log("info", "worker stopping", { workerId: worker.id });
    await worker.stop();
    await services.close();
    Deno.exit(0);
  };
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
}
