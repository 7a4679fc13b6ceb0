/**
 * `deno task runner`: a remote runner (docs/DESIGN.md, "Remote runners"). It
 * needs VIDEOFLOW_URL and RUNNER_TOKEN (issued on /admin/runners) and holds no
 * database, KV or storage credentials: it registers, claims jobs of the kinds
 * its token allows over HTTPS, downloads the source through a signed URL,
 * uploads outputs through the API, reports progress and renews its lease. It
 * runs the same queue loop (lib/queue/runner.ts) and the same transcode
 * handler (workers/transcode.ts) as a local worker, on HTTP adapters.
 */
import { type Config, ConfigError, configFromEnv } from "../lib/config.ts";
import { log } from "../lib/log.ts";
import { checkMediaTools } from "../lib/media/tools.ts";
import { handleJob, startRunnerOn } from "../lib/queue/mod.ts";
import { type RunnerConfig, runnerConfig } from "../lib/runners/config.ts";
import { transcodeKind } from "../lib/videos/transcode_job.ts";
import { RunnerHttp } from "./_runner_http.ts";
import { httpCatalog, httpJobStorage, httpLedger } from "./_runner_ledger.ts";
import { transcodeJob } from "./transcode.ts";

interface Registration {
  runnerId: string;
  kinds: string[];
  leaseMs: number;
  pollMs: number;
  shortLanePixels: number;
}

/** A running remote runner; `stop()` gives its jobs back before it resolves. */
export interface RemoteRunner {
  id: string;
  stop(): Promise<void>;
}

/** Registers with the web tier and starts claiming; throws when the token is refused. */
export async function startRemoteRunner(
  runner: RunnerConfig,
  config: Pick<Config, "ffmpegPath" | "ffprobePath" | "media" | "worker">,
): Promise<RemoteRunner> {
  const http = new RunnerHttp({ baseUrl: runner.url, token: runner.token });
  const res = await http.call("register", { json: { name: runner.name } });
  const reg = await res.json() as Registration;
  const transcode = handleJob(transcodeKind, (ctx) => {
    const held = { id: ctx.job.id, lease: ctx.job.leaseToken! };
    const deps = {
      catalog: httpCatalog(http, held),
      storage: httpJobStorage(http, held),
      config,
    };
    return transcodeJob(deps, { ...ctx, job: { ...ctx.job, videoId: ctx.payload.videoId } });
  });
  const jobs = reg.kinds.includes(transcodeKind.kind) ? [transcode] : [];
  const id = `runner:${reg.runnerId}:${runner.name}`;
  const loop = startRunnerOn(httpLedger(http, runner.name), {
    workerId: id,
    concurrency: config.worker.concurrency,
    pollMs: reg.pollMs,
    leaseMs: reg.leaseMs,
    retryBaseMs: config.worker.retryBaseMs,
    shortCost: reg.shortLanePixels,
    jobs,
  });
  log("info", "runner ready", { workerId: id, url: runner.url, kinds: jobs.map((j) => j.kind) });
  return { id, stop: () => loop.stop() };
}

if (import.meta.main) {
  const config = configFromEnv();
  let runner: RunnerConfig;
  try {
    runner = runnerConfig(Deno.env.toObject());
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : err);
    Deno.exit(1);
  }
  const tools = await checkMediaTools(config);
  if (!tools.ok) {
    console.error(tools.problem);
    Deno.exit(1);
  }
  const started = await startRemoteRunner(runner, config).catch((err) => {
    console.error(`The web tier refused this runner: ${err.message}`);
    Deno.exit(1);
  });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    log("info", "runner stopping", { workerId: started.id });
    await started.stop();
    Deno.exit(0);
  };
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
}
