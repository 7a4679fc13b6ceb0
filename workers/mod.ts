import { ConfigError, loadConfig } from "../lib/config.ts";
import { log, setLogLevel } from "../lib/log.ts";
import { checkMediaTools } from "../lib/media/tools.ts";
import { openServices, type Services } from "../lib/services.ts";

/** A running worker; `stop()` resolves once in-flight work is released. */
export interface Worker {
  stop(): Promise<void>;
}

/**
 * Starts the background worker inside this process. Without FFmpeg it says so
 * in one sentence and does no media work, so that the web tier still runs.
 */
export async function startWorker(services: Services): Promise<Worker> {
  const tools = await checkMediaTools(services.config);
  if (!tools.ok) {
    log("warn", tools.problem, { component: "worker" });
    return { stop: () => Promise.resolve() };
  }
  log("info", "worker ready", { component: "worker", ffmpeg: tools.version });
  return { stop: () => Promise.resolve() };
}

if (import.meta.main) {
  let config;
  try {
    config = loadConfig(Deno.env.toObject());
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : err);
    Deno.exit(1);
  }
  if (!config.database.url) {
    console.error(
      "The standalone worker needs DATABASE_URL: the embedded database belongs to `deno task dev`, which runs a worker itself.",
    );
    Deno.exit(1);
  }
  setLogLevel(config.logLevel);
  const services = await openServices(config);
  const worker = await startWorker(services);
  const stop = async () => {
    await worker.stop();
    await services.close();
    Deno.exit(0);
  };
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
}
