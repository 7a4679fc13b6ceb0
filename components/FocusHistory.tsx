import type { FocusSession, FocusTotals } from "../lib/focus/mod.ts";
import { FigureList, percent } from "./FocusFigures.tsx";
import { formatDuration } from "./VideoCard.tsx";

const DATE = new Intl.DateTimeFormat("en", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});

/** The /focus page's totals: sessions, time focused, interruptions, videos finished. */
export function FocusTotalsList(props: { totals: FocusTotals }) {
  const t = props.totals;
  const items: [string, string][] = [
    ["Sessions", String(t.sessions)],
    ["Time in focus", formatDuration(t.focusedS)],
    ["Interruptions", String(t.interruptions)],
    ["Time away", formatDuration(t.interruptedS)],
    ["Watched to the end", t.sessions ? percent(t.completed / t.sessions) : "–"],
  ];
  return <FigureList items={items} class="focus-totals" />;
}

/** The /focus page's sessions, newest first: video, when, how long, interruptions. */
export function FocusSessionList(props: { sessions: FocusSession[] }) {
  return (
    <ol class="focus-sessions">
      {props.sessions.map((s) => (
        <li key={s.id} class="focus-session">
          <div class="focus-session-title">
            {s.title !== null
              ? <a href={`/v/${s.videoId}`}>{s.title || "Untitled"}</a>
              : <span class="muted">A video you can no longer see</span>}
            {s.completed && <span class="focus-badge">Watched to the end</span>}
          </div>
          <p class="muted">
            <time datetime={s.startedAt.toISOString()}>{DATE.format(s.startedAt)} UTC</time>
            {" · "}
            {formatDuration(s.durationS)} in focus · {s.interruptions === 0
              ? "no interruptions"
              : `${s.interruptions} interruption${s.interruptions > 1 ? "s" : ""} (${
                formatDuration(s.interruptedS)
              } away: ${s.hiddenCount} tab hidden, ${s.blurCount} window left)`}
          </p>
        </li>
      ))}
    </ol>
  );
}
