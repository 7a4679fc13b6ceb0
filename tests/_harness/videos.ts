import type { Sql } from "../../lib/db/mod.ts";
import { getProcessingStatus, type ProcessingStatus } from "../../lib/videos/processing.ts";
import type { Storage } from "../../lib/storage/types.ts";

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
