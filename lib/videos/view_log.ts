import { createHmac } from "node:crypto";
import type { Sql } from "../db/mod.ts";

/** How long a view stays in the co-viewing log. */
export const VIEW_LOG_RETENTION_MS = 90 * 24 * 60 * 60 * 1000;
/** How many of one viewer's most recent videos the log keeps. */
export const VIEW_LOG_PER_VIEWER = 200;

/**
 * The log's key for a viewer: a truncated HMAC-SHA256 (keyed with the signing
 * secret) of the view counter's viewer key, so that the table holds neither
 * account ids nor networks, and a copy of it cannot be matched against a list
 * of user ids or addresses without the secret.
 */
export function viewerHash(viewerKey: string, options: { secret: string }): Uint8Array {
  return new Uint8Array(
    createHmac("sha256", options.secret).update(`view-log|${viewerKey}`).digest().subarray(0, 16),
  );
}

/** Notes that `viewerKey` watched `videoId` (a counted view); a repeat moves its time. */
export async function logView(
  sql: Sql,
  options: { videoId: string; viewerKey: string; secret: string; at?: Date },
): Promise<void> {
  const at = options.at ?? new Date();
  const viewer = viewerHash(options.viewerKey, options);
  await sql`
    insert into view_log (viewer_hash, video_id, at)
    values (${viewer}, ${options.videoId}, ${at})
    on conflict (viewer_hash, video_id) do update set at = excluded.at`;
}

/**
 * Keeps the log bounded: drops rows older than the retention and, for each
 * viewer, all but the newest VIEW_LOG_PER_VIEWER. Returns how many it removed.
 */
export async function pruneViewLog(
  sql: Sql,
  options: { now?: Date; retentionMs?: number; perViewer?: number } = {},
): Promise<number> {
  const now = options.now ?? new Date();
  const cutoff = new Date(now.getTime() - (options.retentionMs ?? VIEW_LOG_RETENTION_MS));
  const old = await sql`delete from view_log where at < ${cutoff}`;
  const excess = await sql`
    delete from view_log l using (
      select viewer_hash, video_id,
             row_number() over (partition by viewer_hash order by at desc) as n
      from view_log
    ) r
    where l.viewer_hash = r.viewer_hash and l.video_id = r.video_id
      and r.n > ${options.perViewer ?? VIEW_LOG_PER_VIEWER}`;
  return old.count + excess.count;
}
