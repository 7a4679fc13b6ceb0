import AnalyticsChart, { type ChartSeries } from "../islands/AnalyticsChart.tsx";
import { type DayRange, RANGE_PRESETS } from "../lib/analytics/range.ts";
import { type ChartUnit, formatValue } from "../lib/shared/analytics_format.ts";

/** uPlot's URLs, handed to every chart. */
export type UplotUrls = { script: string; style: string };

/**
 * The date range: preset links (7, 28, 90 days) and a custom from–to form
 * (a plain GET form, so it works without JavaScript), and the CSV link.
 */
export function RangePicker(props: { range: DayRange; action: string; csv?: string }) {
  const { range } = props;
  return (
    <div class="an-range">
      <nav aria-label="Date range" class="an-presets">
        {RANGE_PRESETS.map((n) => (
          <a
            key={n}
            href={`${props.action}?range=${n}`}
            aria-current={range.preset === String(n) ? "page" : undefined}
          >
            {n} days
          </a>
        ))}
      </nav>
      <form method="get" action={props.action} class="an-custom">
        <label>
          From <input type="date" name="from" value={range.from} required />
        </label>
        <label>
          To <input type="date" name="to" value={range.to} required />
        </label>
        <button type="submit" class="button secondary">Apply</button>
      </form>
      {props.csv && (
        <a class="button secondary" href={props.csv} download>
          Export CSV
        </a>
      )}
    </div>
  );
}

/** Headline figures. */
export function Tiles(props: { items: { label: string; value: string; note?: string }[] }) {
  return (
    <dl class="an-tiles">
      {props.items.map((t) => (
        <div key={t.label} class="an-tile">
          <dt>{t.label}</dt>
          <dd>
            {t.value}
            {t.note && <small>{t.note}</small>}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** Days as the charts' x values (unix seconds at 00:00 UTC). */
export function dayX(days: string[]): number[] {
  return days.map((d) => Date.parse(`${d}T00:00:00Z`) / 1000);
}

/**
 * A chart and, under it, the same numbers as a table (for screen readers,
 * and for anyone who wants the exact figures).
 */
export function ChartBlock(props: {
  id: string;
  title: string;
  xKind: "day" | "percent";
  labels: string[];
  x: number[];
  series: ChartSeries[];
  unit: ChartUnit;
  marks?: { x: number; seekS: number }[];
  uplot: UplotUrls;
  xHeading?: string;
}) {
  return (
    <section class="an-block" aria-labelledby={`${props.id}-title`}>
      <h2 id={`${props.id}-title`} class="an-block-title">{props.title}</h2>
      <AnalyticsChart
        id={props.id}
        title={props.title}
        xKind={props.xKind}
        x={props.x}
        series={props.series}
        unit={props.unit}
        marks={props.marks}
        uplot={props.uplot}
      />
      <details class="an-numbers">
        <summary>The numbers</summary>
        <div class="an-table-wrap" tabIndex={0} role="region" aria-label={props.title}>
          <table class="an-table">
            <caption class="visually-hidden">{props.title}</caption>
            <thead>
              <tr>
                <th scope="col">{props.xHeading ?? "Day"}</th>
                {props.series.map((s) => <th key={s.label} scope="col">{s.label}</th>)}
              </tr>
            </thead>
            <tbody>
              {props.labels.map((label, i) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  {props.series.map((s) => (
                    <td key={s.label}>
                      {s.values[i] === null ? "–" : formatValue(s.values[i]!, props.unit)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}

/** A small table: a breakdown or a ranking. */
export function SimpleTable(props: {
  title: string;
  head: string[];
  rows: (string | number | preact.JSX.Element)[][];
  empty?: string;
}) {
  return (
    <section class="an-block">
      <h2 class="an-block-title">{props.title}</h2>
      {props.rows.length === 0
        ? <p class="muted">{props.empty ?? "No data in this range."}</p>
        : (
          <div class="an-table-wrap" tabIndex={0} role="region" aria-label={props.title}>
            <table class="an-table">
              <thead>
                <tr>{props.head.map((h) => <th key={h} scope="col">{h}</th>)}</tr>
              </thead>
              <tbody>
                {props.rows.map((r) => (
                  <tr>
                    {r.map((c, i) =>
                      i === 0 ? <th key={i} scope="row">{c}</th> : <td key={i}>{c}</td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
    </section>
  );
}
