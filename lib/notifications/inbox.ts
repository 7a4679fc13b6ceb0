/**
 * A user's in-app notifications: the list (newest first, by id cursor), the
 * unread count the bell shows, and marking read. Every query is bounded.
 */
import type { Queryable } from "../db/mod.ts";
import { ValidationError } from "../errors.ts";
import {
  isNotificationKind,
  type NotificationData,
  type NotificationView,
} from "../shared/notification_kinds.ts";

/** The bell shows "99+" above this; counting stops there. */
export const UNREAD_CAP = 99;

/** A page of notifications and where the next one starts. */
export interface NotificationPage {
  notifications: NotificationView[];
  nextCursor: string | null;
}

const CURSOR = /^[1-9]\d{0,17}$/;

/** Reads a page cursor (a notification id) that came from a URL. */
export function decodeNotificationCursor(cursor: string): bigint {
  if (!CURSOR.test(cursor)) throw new ValidationError("That page link is not valid.");
  return BigInt(cursor);
}

/** A page of `userId`'s in-app notifications, newest first. */
export async function listNotifications(
  sql: Queryable,
  userId: string,
  options: { limit: number; cursor?: string; unreadOnly?: boolean },
): Promise<NotificationPage> {
  const before = options.cursor ? decodeNotificationCursor(options.cursor) : undefined;
  const rows = await sql<
    {
      id: string;
      kind: string;
      actorName: string | null;
      videoId: string | null;
      subjectId: string | null;
      data: NotificationData;
      readAt: Date | null;
      createdAt: Date;
    }[]
  >`
    select n.id::text, n.kind, a.display_name as "actorName", n.video_id as "videoId",
           n.subject_id as "subjectId", n.data, n.read_at as "readAt", n.created_at as "createdAt"
    from notifications n left join users a on a.id = n.actor_id
    where n.user_id = ${userId} and n.in_app
      ${before ? sql`and n.id < ${before.toString()}::bigint` : sql``}
      ${options.unreadOnly ? sql`and n.read_at is null` : sql``}
    order by n.id desc limit ${options.limit + 1}`;
  const page = rows.slice(0, options.limit).filter((r) => isNotificationKind(r.kind));
  return {
    notifications: page.map((r) => ({
      id: r.id,
      kind: r.kind as NotificationView["kind"],
      actorName: r.actorName,
      videoId: r.videoId,
      subjectId: r.subjectId,
      data: r.data,
      read: r.readAt !== null,
      createdAt: r.createdAt.toISOString(),
    })),
    nextCursor: rows.length > options.limit ? rows[options.limit - 1].id : null,
  };
}

/** What the bell needs: the unread count (capped) and the newest id, to notice new ones. */
export async function inboxState(
  sql: Queryable,
  userId: string,
): Promise<{ unread: number; newestId: string | null }> {
  const [row] = await sql<{ unread: number; newestId: string | null }[]>`
    select (select count(*)::int from (
              select 1 from notifications
              where user_id = ${userId} and in_app and read_at is null
              limit ${UNREAD_CAP + 1}) u) as unread,
           (select max(id)::text from notifications
              where user_id = ${userId} and in_app) as "newestId"`;
  return row;
}

/** Marks some (by id) or all of `userId`'s notifications read; returns how many changed. */
export async function markRead(
  sql: Queryable,
  userId: string,
  options: { ids?: string[]; all?: boolean },
): Promise<number> {
  if (!options.all && !options.ids?.length) return 0;
  const result = await sql`
    update notifications set read_at = now()
    where user_id = ${userId} and read_at is null
      ${options.all ? sql`` : sql`and id = any(${options.ids!}::bigint[])`}`;
  return result.count;
}
