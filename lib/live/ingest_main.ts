/**
 * `deno task ingest`: the RTMP ingest as its own process (any host that
 * reaches the database and storage). `deno task dev` runs it in-process.
 */
import { configFromEnv } from "../config.ts";
import { log } from "../log.ts";
import { openServices } from "../services.ts";
import { startConfiguredIngest } from "./ingest.ts";

const config = configFromEnv();
const services = await openServices(config);
const ingest = await startConfiguredIngest(services, config);
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  log("info", "live ingest stopping");
  await ingest.close();
  await services.close();
  Deno.exit(0);
};
Deno.addSignalListener("SIGINT", stop);
Deno.addSignalListener("SIGTERM", stop);
