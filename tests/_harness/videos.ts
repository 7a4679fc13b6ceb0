import type { Sql } from "../../lib/db/mod.ts";
import { getProcessingStatus, type ProcessingStatus } from "../../lib/videos/processing.ts";
import type { Storage } from "../../lib/storage/types.ts";
import { enqueueTranscode } from "../../lib/videos/transcode_job.ts";
import { type ClipOptions, makeClip } from "./clips.ts";

/** Inserts a creator and an `uploaded` video whose source is `bytes`; returns the video id. */
export async function createUploadedVideo(
  deps: { sql: Sql; storage: Storage },
  bytes: Uint8Array,
  options: { filename?: string } = {},
): Promise<string> {
  const [user] = await deps.sql<{ id: string }[]>`
    insert into users (email, password_hash, display_name)
    values (${`u${crypto.randomUUID()}@example.test`}, 'x', 'Tester') returning id`;
  const [video] = await deps.sql<{ id: string }[]>`
    insert into videos (owner_id, title, status) values (${user.id}, 'clip', 'uploaded')
    returning id`;
  const key = `raw/${video.id}/${options.filename ?? "source.mp4"}`;
  await deps.storage.put(key, bytes);
  await deps.sql`
    update videos set source_key = ${key}, source_size = ${bytes.length} where id = ${video.id}`;
  return video.id;
}

/** Waits until the video is `ready` or `failed` (or the time runs out) and returns its status. */
export async function waitForOutcome(
  sql: Sql,
  videoId: string,
  options: { timeoutMs?: number } = {},
): Promise<ProcessingStatus> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    const s = await getProcessingStatus(sql, videoId);
    if (!s) throw new Error("video vanished");
    if (["ready", "failed"].includes(s.status) || Date.now() > deadline) return s;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A generated clip uploaded, made public, transcoded by a running worker and
 * `ready`; returns the video id (throws with the reason if processing failed).
 */
export async function readyPublicVideo(
  deps: { sql: Sql; storage: Storage; dir: string },
  clip: ClipOptions,
  options: { timeoutMs?: number } = {},
): Promise<string> {
  const file = await makeClip(`${deps.dir}/clip-${crypto.randomUUID()}.mp4`, clip);
  const id = await createUploadedVideo(deps, await Deno.readFile(file));
  await deps.sql`update videos set visibility = 'public' where id = ${id}`;
  await enqueueTranscode(deps.sql, id);
  const outcome = await waitForOutcome(deps.sql, id, { timeoutMs: options.timeoutMs ?? 120_000 });
  if (outcome.status !== "ready") throw new Error(`processing failed: ${outcome.error}`);
  return id;
}
