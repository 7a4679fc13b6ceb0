/**
 * The job queue: a ledger in Deno KV (see ledger.ts) and a poll loop that runs
 * handlers (runner.ts). The web tier calls enqueueTranscode() when an upload
 * completes; workers run startRunner().
 */
import { enqueueJob } from "./ledger.ts";
import { wakeLocalWorkers } from "./wake.ts";

export * from "./ledger.ts";
export * from "./runner.ts";
export { onLocalWake, wakeLocalWorkers } from "./wake.ts";

/** The job kind that turns an uploaded source into an HLS ladder. */
export const TRANSCODE = "transcode";

/**
 * Queues the transcode of an uploaded video. Calling it again while a job for
 * the video is still in flight returns that job (created=false), so a retried
 * upload completion does not transcode twice.
 */
export async function enqueueTranscode(
  kv: Deno.Kv,
  videoId: string,
  options: { delayMs?: number; maxAttempts?: number } = {},
): Promise<{ id: string; created: boolean }> {
  const res = await enqueueJob(kv, { kind: TRANSCODE, videoId }, options);
  if (res.created) wakeLocalWorkers();
  return res;
}
