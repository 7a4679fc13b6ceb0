import { useEffect, useState } from "preact/hooks";
import { defineIsland } from "../lib/islands/define.tsx";
import { subscribe } from "./_live_events.ts";

const CAP = 99;

function countText(n: number): string {
  return n > CAP ? `${CAP}+` : String(n);
}

/**
 * The header's bell: a link to /notifications (works without JavaScript)
 * whose unread count arrives and updates live over the tab's shared event
 * stream. A polite live region says when new ones arrive.
 */
function NotificationBell() {
  const [unread, setUnread] = useState<number | undefined>(undefined);
  const [said, setSaid] = useState("");
  useEffect(() =>
    subscribe("notifications", (data) => {
      const next = (data as { unread: number }).unread;
      setUnread((prev) => {
        if (prev !== undefined && next > prev) {
          setSaid(next === 1 ? "1 unread notification" : `${countText(next)} unread notifications`);
        }
        return next;
      });
    }), []);
  const label = unread ? `Notifications, ${countText(unread)} unread` : "Notifications";
  return (
    <span class="bell-wrap">
      <a class="bell" href="/notifications" aria-label={label} title={label}>
        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
          <path
            fill="currentColor"
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
          />
        </svg>
        {!!unread && <span class="bell-count" aria-hidden="true">{countText(unread)}</span>}
      </a>
      <span class="visually-hidden" aria-live="polite">{said}</span>
    </span>
  );
}

export default defineIsland("NotificationBell", NotificationBell);
