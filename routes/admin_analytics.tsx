import { Hono } from "hono";
import { AdminShell } from "../components/AdminShell.tsx";
import {
  ChartBlock,
  dayX,
  RangePicker,
  SimpleTable,
  Tiles,
  type UplotUrls,
} from "../components/AnalyticsParts.tsx";
import { parseRange } from "../lib/analytics/range.ts";
import { platformReport, QOE_GOALS } from "../lib/analytics/platform_report.ts";
import type { Sql } from "../lib/db/mod.ts";
import { formatValue } from "../lib/shared/analytics_format.ts";
import { requireRole, requireUser } from "../middleware/auth.ts";
import { page } from "./_render.tsx";

/**
 * /admin/analytics (admins): platform-wide playback, active viewers,
 * uploads and processing, and quality of experience against its goals, over
 * time and by browser and device class. From the rollups only.
 */
export function adminAnalyticsRoutes(deps: { sql: Sql; uplot: UplotUrls }): Hono {
  const guard = [requireUser({ signInPage: true }), requireRole("admin")];
  return new Hono()
    .use("/admin/analytics", ...guard)
    .get("/admin/analytics", async (c) => {
      const range = parseRange(c.req.query());
      const { days, qoe } = await platformReport(deps.sql, range);
      c.header("Cache-Control", "private, no-store");
      const labels = days.map((d) => d.day);
      const x = dayX(labels);
      const sum = (f: (d: typeof days[number]) => number) => days.reduce((a, d) => a + f(d), 0);
      const processed = sum((d) => d.processed);
      const failed = sum((d) => d.failed);
      const last = days.at(-1);
      const ms = (v: number | null) => v === null ? "–" : formatValue(v, "ms");
      const chart = {
        xKind: "day" as const,
        labels,
        x,
        uplot: deps.uplot,
      };
      return page(
        c,
        <AdminShell title="Analytics" active="/admin/analytics">
          <div class="analytics">
            <RangePicker range={range} action="/admin/analytics" />
            <Tiles
              items={[
                { label: "Events", value: formatValue(sum((d) => d.events), "count") },
                { label: "Views", value: formatValue(sum((d) => d.views), "count") },
                { label: "Watch time", value: formatValue(sum((d) => d.watchS), "duration") },
                {
                  label: "Active viewers",
                  value: `${last?.dau ?? 0} / ${last?.wau ?? 0} / ${last?.mau ?? 0}`,
                  note: "day / week / month, to " + range.to,
                },
                { label: "Uploads", value: formatValue(sum((d) => d.uploads), "count") },
                {
                  label: "Processing failures",
                  value: formatValue(
                    processed + failed ? failed / (processed + failed) : 0,
                    "share",
                  ),
                },
              ]}
            />
            <div class="an-grid">
              <ChartBlock
                {...chart}
                id="a-views"
                title="Views and events"
                series={[
                  { label: "Views", values: days.map((d) => d.views) },
                  { label: "Events", values: days.map((d) => d.events) },
                ]}
                unit="count"
              />
              <ChartBlock
                {...chart}
                id="a-watch"
                title="Watch time"
                series={[{ label: "Watch time", values: days.map((d) => d.watchS) }]}
                unit="duration"
              />
              <ChartBlock
                {...chart}
                id="a-active"
                title="Active viewers"
                series={[
                  { label: "Daily", values: days.map((d) => d.dau) },
                  { label: "Weekly", values: days.map((d) => d.wau) },
                  { label: "Monthly", values: days.map((d) => d.mau) },
                ]}
                unit="count"
              />
              <ChartBlock
                {...chart}
                id="a-uploads"
                title="Uploads and processing"
                series={[
                  { label: "Uploads", values: days.map((d) => d.uploads) },
                  { label: "Processed", values: days.map((d) => d.processed) },
                  { label: "Failed", values: days.map((d) => d.failed) },
                ]}
                unit="count"
              />
              <ChartBlock
                {...chart}
                id="a-processing"
                title="Processing time per video"
                series={[
                  { label: "p50", values: days.map((d) => d.processingP50S) },
                  { label: "p95", values: days.map((d) => d.processingP95S) },
                ]}
                unit="duration"
              />
              <ChartBlock
                {...chart}
                id="a-startup"
                title="Startup time (goal: p95 under 2 s)"
                series={[
                  { label: "p50", values: days.map((d) => d.startupP50Ms) },
                  { label: "p95", values: days.map((d) => d.startupP95Ms) },
                  { label: "Goal", values: days.map(() => QOE_GOALS.startupP95Ms), dashed: true },
                ]}
                unit="ms"
              />
              <ChartBlock
                {...chart}
                id="a-rebuffer"
                title="Rebuffering and errors (goal: rebuffering under 1 %)"
                series={[
                  { label: "Rebuffering", values: days.map((d) => d.rebufferRatio) },
                  { label: "Errors", values: days.map((d) => d.errorRate) },
                  { label: "Goal", values: days.map(() => QOE_GOALS.rebufferRatio), dashed: true },
                ]}
                unit="share"
              />
            </div>
            {(["browser", "device"] as const).map((dim) => (
              <SimpleTable
                key={dim}
                title={dim === "browser" ? "Quality by browser" : "Quality by device"}
                head={[
                  dim === "browser" ? "Browser" : "Device",
                  "Views",
                  "Startup p50 / p95",
                  "Rebuffering",
                  "Errors",
                ]}
                rows={qoe.filter((q) => q.dim === dim).map((q) => [
                  q.value,
                  formatValue(q.views, "count"),
                  `${ms(q.startupP50Ms)} / ${ms(q.startupP95Ms)}`,
                  formatValue(q.rebufferRatio, "share"),
                  formatValue(q.errorRate, "share"),
                ])}
              />
            ))}
          </div>
        </AdminShell>,
      );
    });
}
