/**
 * A small inline SVG line of daily values (the dashboard's last 14 days):
 * no script, no library. The numbers are in the accessible name and a
 * <title>, so the chart says what it shows.
 */
export function Sparkline(props: { label: string; values: number[] }) {
  const { values } = props;
  const w = 140, h = 32, pad = 2;
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? (w - 2 * pad) / (values.length - 1) : 0;
  const points = values.map((v, i) =>
    `${(pad + i * step).toFixed(1)},${(h - pad - (v / max) * (h - 2 * pad)).toFixed(1)}`
  ).join(" ");
  const text = `${props.label}, last ${values.length} days: ${values.join(", ")}`;
  return (
    <svg
      class="sparkline"
      viewBox={`0 0 ${w} ${h}`}
      width={w}
      height={h}
      role="img"
      aria-label={text}
    >
      <title>{text}</title>
      <polyline points={points} fill="none" stroke="currentColor" stroke-width="2" />
    </svg>
  );
}
