import { useEffect, useRef, useState } from "preact/hooks";
import type uPlotType from "uplot";
import { defineIsland } from "../lib/islands/define.tsx";
import { type ChartUnit, formatValue } from "../lib/shared/analytics_format.ts";

/** One line of a chart. */
export interface ChartSeries {
  label: string;
  values: (number | null)[];
  /** Dashed: a goal or a reference line. */
  dashed?: boolean;
}

/** What the analytics pages hand a chart (the same numbers are in a table beside it). */
export interface AnalyticsChartProps {
  /** Unique on the page; names the table with the same numbers. */
  id: string;
  title: string;
  /** Days (unix seconds at 00:00 UTC) or percent of the video (0–99). */
  xKind: "day" | "percent";
  x: number[];
  series: ChartSeries[];
  unit: ChartUnit;
  /** Marked points (the retention curve's drop-offs): clicking one seeks the preview there. */
  marks?: { x: number; seekS: number }[];
  /** uPlot's script and stylesheet under /_vendor (lib/islands/uplot.ts). */
  uplot: { script: string; style: string };
}

const COUNT_STEPS = [1, 2, 5].flatMap((m) => [1, 10, 100, 1e3, 1e4, 1e5, 1e6].map((p) => m * p))
  .sort((a, b) => a - b);

/** Series colours that read on both themes (checked against light and dark surfaces). */
const COLOURS = ["#7c5cff", "#16a34a", "#e0701b", "#0ea5e9", "#db2777"];

/**
 * A line chart drawn with uPlot, loaded on first use. Sized to its box (it
 * follows a phone's width), drawn in the page's theme colours and redrawn
 * when the theme changes. The canvas is hidden from screen readers: the
 * numbers are in the table the page renders after it (`aria-describedby`).
 */
function AnalyticsChart(props: AnalyticsChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let plot: uPlotType | undefined;
    let stopped = false;
    const draw = async () => {
      const UPlot = await loadUplot(props.uplot);
      if (stopped || !box.current) return;
      plot?.destroy();
      plot = new UPlot(options(props, box.current.clientWidth), data(props), box.current);
      if (props.marks?.length) {
        plot.over.style.cursor = "pointer";
        plot.over.addEventListener("click", () => seekToMark(plot!, props));
      }
    };
    draw().catch(() => setFailed(true));
    const resize = new ResizeObserver(() => {
      if (plot && box.current) plot.setSize({ width: box.current.clientWidth, height: 220 });
    });
    if (box.current) resize.observe(box.current);
    const theme = new MutationObserver(() => void draw().catch(() => {}));
    theme.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
    const media = matchMedia("(prefers-color-scheme: dark)");
    const onMedia = () => void draw().catch(() => {});
    media.addEventListener("change", onMedia);
    return () => {
      stopped = true;
      resize.disconnect();
      theme.disconnect();
      media.removeEventListener("change", onMedia);
      plot?.destroy();
    };
  }, []);
  return (
    <figure class="an-chart">
      <figcaption>{props.title}</figcaption>
      <div
        ref={box}
        class="an-plot"
        aria-hidden="true"
        data-chart={props.id}
      />
      {failed && <p class="muted">The chart could not be drawn; the numbers are in the table.</p>}
    </figure>
  );
}

function data(props: AnalyticsChartProps): uPlotType.AlignedData {
  return [props.x, ...props.series.map((s) => s.values)] as uPlotType.AlignedData;
}

function options(props: AnalyticsChartProps, width: number): uPlotType.Options {
  const css = getComputedStyle(document.documentElement);
  const text = css.getPropertyValue("--muted").trim() || "#666";
  const grid = css.getPropertyValue("--border").trim() || "#ddd";
  const axis = (values?: uPlotType.Axis["values"]): uPlotType.Axis => ({
    stroke: text,
    grid: { stroke: grid, width: 1 },
    ticks: { stroke: grid, width: 1 },
    values,
  });
  return {
    width: Math.max(260, width),
    height: 220,
    scales: {
      x: { time: props.xKind === "day" },
      y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
    },
    legend: { show: props.series.length > 1 },
    axes: [
      props.xKind === "day" ? axis() : axis((_u, ticks) => ticks.map((t) => `${t}%`)),
      {
        ...axis((_u, ticks) => ticks.map((t) => formatValue(t, props.unit))),
        size: 64,
        // Whole numbers only on a count axis (no "0, 0, 1, 1" for one view).
        ...(props.unit === "count" ? { incrs: COUNT_STEPS } : {}),
      },
    ],
    series: [
      {},
      ...props.series.map((s, i) => ({
        label: s.label,
        stroke: COLOURS[i % COLOURS.length],
        width: 2,
        dash: s.dashed ? [6, 4] : undefined,
        // Points on short ranges, so that a lone day between gaps (a p95 on the only day with
        // views) shows; on long ones uPlot shows them when there is room.
        ...(props.x.length <= 31 ? { points: { show: true, size: 5 } } : {}),
        value: (_u: uPlotType, v: number | null) => v === null ? "–" : formatValue(v, props.unit),
      })),
    ],
    hooks: { draw: [(u) => drawMarks(u, props)] },
  };
}

/** Vertical lines at the marks (drop-offs). */
function drawMarks(u: uPlotType, props: AnalyticsChartProps) {
  const ctx = u.ctx;
  ctx.save();
  ctx.strokeStyle = "#e11d48";
  ctx.lineWidth = 2 * devicePixelRatio;
  ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
  for (const m of props.marks ?? []) {
    const x = u.valToPos(m.x, "x", true);
    ctx.beginPath();
    ctx.moveTo(x, u.bbox.top);
    ctx.lineTo(x, u.bbox.top + u.bbox.height);
    ctx.stroke();
  }
  ctx.restore();
}

/** A click near a mark follows the page's link for it (the Player seeks on `a[data-seek]`). */
function seekToMark(u: uPlotType, props: AnalyticsChartProps) {
  const left = u.cursor.left ?? -1;
  if (left < 0) return;
  const at = u.posToVal(left, "x");
  const near = (props.marks ?? []).map((m) => ({ m, d: Math.abs(m.x - at) }))
    .sort((a, b) => a.d - b.d)[0];
  if (!near || near.d > 4) return;
  document.querySelector<HTMLAnchorElement>(`a[data-seek="${near.m.seekS}"]`)?.click();
}

let loading: Promise<typeof uPlotType> | undefined;

/** uPlot's IIFE build through a script tag (it defines `window.uPlot`), its CSS once. */
function loadUplot(assets: { script: string; style: string }): Promise<typeof uPlotType> {
  const w = globalThis as unknown as { uPlot?: typeof uPlotType };
  if (w.uPlot) return Promise.resolve(w.uPlot);
  return loading ??= new Promise((resolve, reject) => {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = assets.style;
    document.head.append(link);
    const script = document.createElement("script");
    script.src = assets.script;
    script.onload = () => w.uPlot ? resolve(w.uPlot) : reject(new Error("uPlot did not load"));
    script.onerror = () => {
      loading = undefined;
      reject(new Error("uPlot did not load"));
    };
    document.head.append(script);
  });
}

export default defineIsland("AnalyticsChart", AnalyticsChart);
