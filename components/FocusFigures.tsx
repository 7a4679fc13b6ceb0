import type { FocusFigures as Figures } from "../lib/focus/mod.ts";
import { formatDuration } from "./VideoCard.tsx";

/** "42 %". */
export function percent(share: number): string {
  return `${Math.round(share * 100)} %`;
}

/** Labelled figures as tiles (the focus sections and the /focus totals). */
export function FigureList(props: { items: [string, string][]; class?: string }) {
  return (
    <dl class={`focus-figure-list ${props.class ?? ""}`.trim()}>
      {props.items.map(([label, value]) => (
        <div class="focus-figure" key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
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
        : <FigureList items={items} />}
      {props.note && <p class="muted">{props.note}</p>}
    </section>
  );
}
