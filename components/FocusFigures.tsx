import type { FocusFigures as Figures } from "../lib/focus/mod.ts";
import { formatDuration } from "./VideoCard.tsx";

/** "42 %". */
export function percent(share: number): string {
  return `${Math.round(share * 100)} %`;
}

/**
 * Focus figures as a small section: a video's for its creator (studio edit
 * page), the instance's averages for admins (dashboard).
 */
export function FocusFigures(props: { title: string; figures: Figures; note?: string }) {
  const f = props.figures;
  const items: [string, string][] = [
    ["Focus sessions", String(f.sessions)],
    ["Viewers", String(f.viewers)],
    ["Average session", formatDuration(f.avgDurationS)],
    ["Interruptions per session", f.avgInterruptions.toFixed(1)],
    ["Time away per session", formatDuration(f.avgInterruptedS)],
    ["Watched to the end", percent(f.completionRate)],
  ];
  return (
    <section class="form-card focus-figures" aria-labelledby="focus-figures-title">
      <h2 id="focus-figures-title">{props.title}</h2>
      {f.sessions === 0
        ? <p class="muted">No focus sessions yet.</p>
        : (
          <dl class="focus-figure-list">
            {items.map(([label, value]) => (
              <div class="focus-figure" key={label}>
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        )}
      {props.note && <p class="muted">{props.note}</p>}
    </section>
  );
}
