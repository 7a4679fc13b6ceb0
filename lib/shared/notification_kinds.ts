/**
 * The kinds of notification, what each says and what a user gets by default.
 * Browser-safe (the bell island and the pages render the same sentences).
 * Email is off by default except for security notices, which cannot be
 * turned off at all.
 */

/** Every kind, in the order the preferences page lists them. */
export const NOTIFICATION_KINDS = [
  "video_ready",
  "video_failed",
  "new_video",
  "comment_reply",
  "video_comment",
  "moderation_decision",
  "report_handled",
  "security",
  "export_ready",
  "account_warning",
  "live_soon",
] as const;

/** One kind of notification. */
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** A kind's label on the preferences page, its defaults, and whether it may be turned off. */
export interface KindInfo {
  label: string;
  inApp: boolean;
  email: boolean;
  /** Security notices are always delivered both ways. */
  locked?: boolean;
}

/** What each kind is and gets by default. */
export const KIND_INFO: Record<NotificationKind, KindInfo> = {
  video_ready: { label: "A video of yours finished processing", inApp: true, email: false },
  video_failed: { label: "A video of yours failed to process", inApp: true, email: false },
  new_video: { label: "A creator you follow posted a video", inApp: true, email: false },
  comment_reply: { label: "Someone replied to your comment", inApp: true, email: false },
  video_comment: { label: "Someone commented on your video", inApp: true, email: false },
  moderation_decision: { label: "A moderator decided on your video", inApp: true, email: false },
  report_handled: { label: "A report you filed was handled", inApp: true, email: false },
  security: {
    label: "Security notices (sign-in and account changes)",
    inApp: true,
    email: true,
    locked: true,
  },
  // Asked for by the user, and its link matters: always delivered both ways.
  export_ready: {
    label: "An export you asked for is ready",
    inApp: true,
    email: true,
    locked: true,
  },
  // A moderator's warning must reach its user: always delivered both ways.
  live_soon: { label: "A creator you follow goes live soon", inApp: true, email: false },
  account_warning: {
    label: "A moderator warned you",
    inApp: true,
    email: true,
    locked: true,
  },
};

/** Whether `kind` is one we know (input from the API and the database). */
export function isNotificationKind(kind: string): kind is NotificationKind {
  return (NOTIFICATION_KINDS as readonly string[]).includes(kind);
}

/** Text captured when the event happened (each at most a few hundred characters). */
export interface NotificationData {
  title?: string;
  reason?: string;
  excerpt?: string;
  decision?: "approve" | "reject";
}

/** A notification as the API and the islands see it. */
export interface NotificationView {
  id: string;
  kind: NotificationKind;
  actorName: string | null;
  videoId: string | null;
  subjectId: string | null;
  data: NotificationData;
  read: boolean;
  createdAt: string;
}

/** The sentence a notification shows (plain text; rendered escaped). */
export function notificationText(n: NotificationView): string {
  const title = n.data.title ? `“${n.data.title}”` : "your video";
  const who = n.actorName ?? "Someone";
  switch (n.kind) {
    case "video_ready":
      return n.data.reason
        ? `${title} finished processing; ${n.data.reason}.`
        : `${title} finished processing and can be watched.`;
    case "video_failed":
      return `${title} could not be processed${n.data.reason ? `: ${n.data.reason}` : "."}`;
    case "new_video":
      return `${who} posted ${n.data.title ? `“${n.data.title}”` : "a new video"}.`;
    case "comment_reply":
      return `${who} replied to your comment${n.data.excerpt ? `: ${n.data.excerpt}` : "."}`;
    case "video_comment":
      return `${who} commented on ${title}${n.data.excerpt ? `: ${n.data.excerpt}` : "."}`;
    case "moderation_decision":
      return `A moderator ${
        n.data.decision === "reject" ? "turned down" : n.data.decision ? "approved" : "reviewed"
      } ${title}${n.data.reason ? `: ${n.data.reason}` : "."}`;
    case "report_handled":
      return `A report you filed was handled${n.data.reason ? `: ${n.data.reason}` : "."}`;
    case "security":
      return n.data.reason ?? "There was a change to your account's security.";
    case "export_ready":
      return `Your export is ready to download${n.data.reason ? `: ${n.data.reason}` : "."}`;
    case "account_warning":
      return `A moderator warned you${n.data.reason ? `: ${n.data.reason}` : "."}`;
    case "live_soon":
      return `${who} goes live soon${n.data.title ? `: “${n.data.title}”` : "."}`;
  }
}

/** Where a notification leads (a same-site path). */
export function notificationHref(n: NotificationView): string {
  if (n.kind === "security" || n.kind === "account_warning") return "/settings";
  if (n.kind === "export_ready") return "/settings/data";
  if (n.videoId) {
    const onComment = n.kind === "comment_reply" || n.kind === "video_comment";
    const anchor = n.subjectId && onComment ? `#comment-${encodeURIComponent(n.subjectId)}` : "";
    return `/v/${n.videoId}${anchor}`;
  }
  return "/notifications";
}
