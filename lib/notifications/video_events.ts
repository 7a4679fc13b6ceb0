/**
 * Notifications about a video, for its owner: processing finished or failed
 * (called by lib/videos/processing.ts inside the transition's transaction, so
 * the notification exists exactly when the state changed).
 */
import type { Queryable } from "../db/mod.ts";
import type { NotificationKind } from "../shared/notification_kinds.ts";
import { notify } from "./notify.ts";

/** Tells a video's owner about it (`kind` with the title captured now). */
export async function notifyVideoOwner(
  sql: Queryable,
  videoId: string,
  event: { kind: NotificationKind; reason?: string; dedupeKey?: string },
): Promise<void> {
  const [video] = await sql<{ ownerId: string; title: string }[]>`
    select owner_id as "ownerId", title from videos where id = ${videoId}`;
  if (!video) return;
  await notify(sql, video.ownerId, {
    kind: event.kind,
    videoId,
    data: { title: video.title, ...(event.reason ? { reason: event.reason } : {}) },
    dedupeKey: event.dedupeKey,
  });
}
