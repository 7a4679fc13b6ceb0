/**
 * Records notifications. Every feature that tells a user something calls
 * notify() (one recipient, in its own transaction or the caller's) or
 * notifyMany() (a fan-out: one statement per batch, run by a job, never in a
 * request). Preferences are applied here, when the event happens: a kind
 * turned off in both ways is not stored at all.
 */
import type { Queryable } from "../db/mod.ts";
import {
  KIND_INFO,
  type NotificationData,
  type NotificationKind,
} from "../shared/notification_kinds.ts";

/** What happened, for whom it is decided by the caller. */
export interface NotificationEvent {
  kind: NotificationKind;
  actorId?: string | null;
  videoId?: string | null;
  subjectId?: string | null;
  data?: NotificationData;
  /** The same event is stored once per recipient (a retried job, a re-run hook). */
  dedupeKey?: string;
}

const MAX_TEXT = 200;

/** Captured text, each field cut to a bounded length (the row has a size check). */
function boundedData(data: NotificationData = {}): NotificationData {
  const cut = (s?: string) =>
    s === undefined ? undefined : s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT - 1)}…` : s;
  return {
    ...(data.title !== undefined ? { title: cut(data.title) } : {}),
    ...(data.reason !== undefined ? { reason: cut(data.reason) } : {}),
    ...(data.excerpt !== undefined ? { excerpt: cut(data.excerpt) } : {}),
    ...(data.decision ? { decision: data.decision } : {}),
  };
}

/**
 * Tells `userId` about `event`, as their preferences say; nothing when the
 * kind is off both ways, when the user caused it themselves, or when the same
 * dedupe key was stored before. Returns whether a row was stored.
 */
export async function notify(
  sql: Queryable,
  userId: string,
  event: NotificationEvent,
): Promise<boolean> {
  if (event.actorId && event.actorId === userId) return false;
  const rows = await notifyMany(sql, [userId], event);
  return rows > 0;
}

/**
 * Tells each of `userIds` (at most a batch: 1,000) about `event` in one
 * statement, as each one's preferences say. Returns how many rows were stored.
 */
export async function notifyMany(
  sql: Queryable,
  userIds: string[],
  event: NotificationEvent,
): Promise<number> {
  if (userIds.length === 0) return 0;
  if (userIds.length > 1000) throw new RangeError("notifyMany takes at most 1,000 recipients.");
  const info = KIND_INFO[event.kind];
  const data = boundedData(event.data);
  const result = await sql`
    insert into notifications
      (user_id, kind, actor_id, video_id, subject_id, data, in_app, email, dedupe_key)
    select r.id, ${event.kind}, ${event.actorId ?? null}, ${event.videoId ?? null},
           ${event.subjectId ?? null}, ${sql.json(data as Record<string, string>)},
           ${info.locked ? true : sql`coalesce(p.in_app, ${info.inApp})`},
           ${info.locked ? true : sql`coalesce(p.email, ${info.email})`},
           ${event.dedupeKey ?? null}
    from users r
    left join notification_prefs p on p.user_id = r.id and p.kind = ${event.kind}
    where r.id = any(${userIds}::uuid[])
      and r.id is distinct from ${event.actorId ?? null}::uuid
      and (${info.locked ?? false} or coalesce(p.in_app, ${info.inApp})
           or coalesce(p.email, ${info.email}))
    on conflict (user_id, dedupe_key) where dedupe_key is not null do nothing`;
  return result.count;
}
