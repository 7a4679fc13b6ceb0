import { useEffect } from "preact/hooks";
import { defineIsland } from "../lib/islands/define.tsx";
import { absoluteDate, relativeDate } from "../lib/shared/dates.ts";

/**
 * Re-renders the page's `<time data-local>` elements in the viewer's language
 * and time zone (the server wrote them in English and UTC): `relative` ones
 * as "3 hours ago" with the full date on hover, `absolute` ones as the full
 * date and time with the zone. Renders nothing itself.
 */
function StudioLocalTimes() {
  useEffect(() => {
    const locale = navigator.language;
    const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const style = { locale, timeZone };
    const now = new Date();
    for (const el of document.querySelectorAll<HTMLTimeElement>("time[data-local]")) {
      const at = new Date(el.dateTime);
      if (Number.isNaN(at.getTime())) continue;
      const full = absoluteDate(at, style);
      const prefix = el.dataset.prefix ?? "";
      el.textContent = prefix +
        (el.dataset.local === "absolute" ? full : relativeDate(at, now, style));
      el.title = full;
    }
    for (const el of document.querySelectorAll<HTMLElement>("[data-local-zone]")) {
      el.textContent = timeZone;
    }
    for (const el of document.querySelectorAll<HTMLInputElement>("input[data-local-zone-field]")) {
      el.value = timeZone;
    }
  }, []);
  return null;
}

export default defineIsland("StudioLocalTimes", StudioLocalTimes);
