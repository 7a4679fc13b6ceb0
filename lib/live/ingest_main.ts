/**
 * `deno task ingest`: the RTMP ingest as its own process (any host that
 * reaches the database and storage). `deno task dev` runs it in-process.
 */
import { configFromEnv } from "../config.ts";
import { log } from "../log.ts";
import { openServices } from "../services.ts";
import { startIngest } from "./ingest.ts";

const config = configFromEnv();
const services = await openServices(config);
// Chat hook point: { onLive: (videoId) => openChatRoom(services.db.sql, videoId) }.
const ingest = await startIngest({
  sql: services.db.sql,
  storage: services.storage,
  config: config.live,
  ffmpegPath: config.ffmpegPath,
  tmpDir: config.worker.tmpDir,
  preset: config.media.preset,
});
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
