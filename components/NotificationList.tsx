import {
  notificationHref,
  notificationText,
  type NotificationView,
} from "../lib/shared/notification_kinds.ts";
import { timeAgo } from "./VideoCard.tsx";

/** A list of notifications, unread ones marked, each a link to what it is about. */
export function NotificationList(props: { items: NotificationView[]; now: Date }) {
  if (props.items.length === 0) {
    return (
      <p class="empty-state">
        Nothing yet. You will hear here when your videos finish processing, when people reply, and
        when creators you follow post.
      </p>
    );
  }
  return (
    <ol class="notification-list">
      {props.items.map((n) => (
        <li key={n.id} class={n.read ? "notification" : "notification unread"}>
          <a href={notificationHref(n)}>
            {!n.read && <span class="visually-hidden">Unread:</span>}
            <span class="notification-text">{notificationText(n)}</span>
            <time class="muted" dateTime={n.createdAt}>
              {timeAgo(new Date(n.createdAt), props.now)}
            </time>
          </a>
        </li>
      ))}
    </ol>
  );
}
