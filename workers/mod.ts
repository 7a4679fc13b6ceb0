import { configFromEnv } from "../lib/config.ts";
import { publishingJobs } from "./publish_scheduled.ts";
import { log } from "../lib/log.ts";
import { publicReason } from "../lib/media/public_reason.ts";
import { checkMediaTools } from "../lib/media/tools.ts";
import { type AnyJobDefinition, handleJob, startRunner } from "../lib/queue/mod.ts";
import { openServices, type Services } from "../lib/services.ts";
import { transcodeBudget, transcodeDied, transcodeKind } from "../lib/videos/transcode_job.ts";
import { sqlTranscodeCatalog } from "../lib/videos/transcode_catalog.ts";
import { openMailer } from "../lib/mail/mod.ts";
import { accountMailJob } from "./account_mail.ts";
import { housekeeping } from "./housekeeping.ts";
import { accountJobDied, accountJobs } from "./account.ts";
import { notificationJobs } from "./notifications.ts";
import { analyticsJobs } from "./analytics.ts";
import { billingJobs } from "./billing.ts";
import { transcodeJob } from "./transcode.ts";
import { thumbnailJob } from "./thumbnails.ts";
import { liveJobs } from "./live.ts";

/** A running worker; `stop()` resolves once in-flight work is released. */
export interface Worker {
  id: string;
  stop(): Promise<void>;
}

/** Abandoned uploads are looked for this often (they expire 24 h after they start). */
const SWEEP_EVERY_MS = 10 * 60 * 1000;

/**
 * Starts a worker inside this process: it polls the job ledger and runs up to
 * WORKER_CONCURRENCY jobs plus one short one (the short lane's own slot): transcodes, account
 * mail (SMTP_URL, or the outbox), and the housekeeping chores (the upload
 * sweep every 10 minutes, the pruning of old jobs hourly; one worker per slot).
 * Without FFmpeg it says so in one sentence and runs only the chores, so that
 * the web tier still runs. `stop()` aborts running jobs (ffmpeg is killed) and releases their
 * leases for another worker.
 */
export async function startWorker(
  services: Pick<Services, "config" | "db" | "storage">,
  options: { concurrency?: number; sweepEveryMs?: number } = {},
): Promise<Worker> {
  const { config, db, storage } = services;
  const sql = db.sql;
  const id = `${Deno.hostname()}:${Deno.pid}:${crypto.randomUUID().slice(0, 8)}`;
  const chores = housekeeping({ sql, storage }, {
    sweepEveryMs: options.sweepEveryMs ?? SWEEP_EVERY_MS,
    retentionMs: config.jobs.retentionMs,
  });
  const mailer = openMailer(config.mail);
  const site = { name: "VideoFlow", publicUrl: config.publicUrl };
  const billing = billingJobs({ sql, config: config.billing });
  const account = accountJobs({ sql, storage, mailer, site, beforeRemove: billing.cancelFor }, {
    tmpDir: config.worker.tmpDir,
  });
  const notices = notificationJobs({ sql, mailer, site });
  const publishing = publishingJobs({ sql });
  const analytics = analyticsJobs({ sql }, config.analytics);
  // Live streams: recording and the stale-stream sweep.
  const live = liveJobs({
    sql,
    storage,
    ffmpegPath: config.ffmpegPath,
    tmpDir: config.worker.tmpDir,
    budget: transcodeBudget(config),
    idleTimeoutS: config.live.idleTimeoutS,
  });
  const jobs: AnyJobDefinition[] = [
    ...chores.jobs,
    ...account.jobs,
    ...notices.jobs,
    ...publishing.jobs,
    accountMailJob({ sql, mailer, site }),
    ...analytics.jobs,
    ...billing.jobs,
  ];
  const tools = await checkMediaTools(config);
  if (tools.ok) {
    jobs.push(handleJob(transcodeKind, (ctx) => {
      const job = { ...ctx.job, videoId: ctx.payload.videoId };
      const catalog = sqlTranscodeCatalog(sql, job, transcodeBudget(config));
      return transcodeJob({ catalog, storage, config }, { ...ctx, job });
    }));
    jobs.push(thumbnailJob({ sql, storage, config }));
    jobs.push(...live.jobs);
  } else log("warn", tools.problem, { component: "worker" });
  const concurrency = options.concurrency ?? config.worker.concurrency;
  const runner = startRunner(sql, {
    workerId: id,
    concurrency,
    pollMs: config.worker.pollMs,
    leaseMs: config.worker.leaseMs,
    retryBaseMs: config.worker.retryBaseMs,
    maxAttempts: config.worker.maxAttempts,
    ownerLimit: config.jobs.ownerConcurrency,
    shortCost: config.jobs.shortLanePixels,
    jobs,
    schedules: [
      ...chores.schedules,
      ...account.schedules,
      ...notices.schedules,
      ...publishing.schedules,
      ...analytics.schedules,
      ...billing.schedules,
      ...live.schedules,
    ],
    onDead: async (dead) => {
      await transcodeDied(sql, dead);
      await accountJobDied(sql, dead.job, readable(dead.reason));
    },
  });
  log("info", "worker ready", {
    component: "worker",
    workerId: id,
    concurrency,
    kinds: jobs.map((j) => j.kind),
    ffmpeg: tools.ok ? tools.version : undefined,
  });
  return {
    id,
    stop: async () => {
      await runner.stop();
      mailer.close();
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
