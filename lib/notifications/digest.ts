/**
 * Email for notifications: batched into digests, not one mail per event. A
 * user's pending email notifications (their preference when each was made)
 * wait until the oldest is DIGEST_WAIT_MS old, then go out together in one
 * message; security notices and ready exports do not wait. Rows are claimed
 * (`emailed_at`) before sending and released if the send fails, so a retried
 * job neither loses nor repeats them.
 */
import type { Sql } from "../db/mod.ts";
import { type MailMessage, type MailSite, renderMail } from "../mail/mod.ts";
import {
  isNotificationKind,
  notificationHref,
  notificationText,
  type NotificationView,
} from "../shared/notification_kinds.ts";

/** How long the first pending notification waits for others to join it. */
export const DIGEST_WAIT_MS = 15 * 60 * 1000;
/** Kinds that are mailed at once. */
const URGENT = ["security", "export_ready"];
/** Notifications in one digest at most (the rest wait for the next). */
const PER_DIGEST = 50;

/** Users whose digest is due now (at most `limit`). */
export async function dueDigests(sql: Sql, options: { limit: number }): Promise<string[]> {
  const rows = await sql<{ userId: string }[]>`
    select n.user_id as "userId" from notifications n
    join users u on u.id = n.user_id and u.banned_at is null and u.deleted_at is null
    where n.email and n.emailed_at is null
    group by n.user_id
    having min(n.created_at) <= now() - ${DIGEST_WAIT_MS}::float8 * interval '1 millisecond'
        or bool_or(n.kind = any(${URGENT}))
    limit ${options.limit}`;
  return rows.map((r) => r.userId);
}

/**
 * Claims and mails one user's pending notifications as one message; `send`
 * failing releases the claim (and throws, for the job to retry). Returns how
 * many notifications the message carried.
 */
export async function sendDigest(
  sql: Sql,
  userId: string,
  options: { site: MailSite; send: (m: MailMessage) => Promise<void> },
): Promise<number> {
  const claimed = await sql<
    (Omit<NotificationView, "read" | "createdAt"> & { createdAt: Date; email: string })[]
  >`
    with picked as (
      select id from notifications
      where user_id = ${userId} and email and emailed_at is null
      order by id limit ${PER_DIGEST} for update skip locked
    )
    update notifications n set emailed_at = now() from picked
    where n.id = picked.id
    returning n.id::text, n.kind, n.video_id as "videoId", n.subject_id as "subjectId", n.data,
      n.created_at as "createdAt",
      (select display_name from users where id = n.actor_id) as "actorName",
      (select email from users where id = n.user_id) as email`;
  const items = claimed.filter((n) => isNotificationKind(n.kind))
    .sort((a, b) => Number(a.id) - Number(b.id));
  if (items.length === 0) return 0;
  const views = items.map((n) => ({ ...n, read: false, createdAt: n.createdAt.toISOString() }));
  const lines = views.map((n) =>
    `• ${notificationText(n as NotificationView)}\n  ${options.site.publicUrl}${
      notificationHref(n as NotificationView)
    }`
  );
  const subject = views.length === 1
    ? notificationText(views[0] as NotificationView).slice(0, 120)
    : `${views.length} new notifications`;
  const content = renderMail(options.site, {
    subject,
    paragraphs: [
      views.length === 1 ? "You have a new notification:" : "Here is what happened:",
      ...lines,
    ],
    action: { label: "See all notifications", path: "/notifications" },
    after: ["Choose what reaches you by email at /settings/notifications."],
  });
  try {
    await options.send({ to: items[0].email, ...content });
  } catch (err) {
    await sql`update notifications set emailed_at = null
      where id = any(${items.map((n) => n.id)}::bigint[])`;
    throw err;
  }
  return items.length;
}
