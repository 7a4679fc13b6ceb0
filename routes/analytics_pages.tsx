import { type Context, Hono } from "hono";
import { z } from "zod";
import {
  ChartBlock,
  dayX,
  RangePicker,
  SimpleTable,
  Tiles,
  type UplotUrls,
} from "../components/AnalyticsParts.tsx";
import { formatDuration } from "../components/VideoCard.tsx";
import { Layout } from "../components/Layout.tsx";
import Player from "../islands/Player.tsx";
import { analyticsCsv } from "../lib/analytics/export.ts";
import { parseRange } from "../lib/analytics/range.ts";
import { type CreatorReport, creatorReport, DIMENSIONS } from "../lib/analytics/report.ts";
import type { Sql } from "../lib/db/mod.ts";
import { NotFoundError } from "../lib/errors.ts";
import { formatValue } from "../lib/shared/analytics_format.ts";
import { findManagedVideo, type Video } from "../lib/videos/access.ts";
import { requireUser } from "../middleware/auth.ts";
import { previewPlayerProps } from "./_player.tsx";
import { page } from "./_render.tsx";

/** What the creator analytics pages need. */
export interface AnalyticsPageDeps {
  sql: Sql;
  secret: string;
  mediaBaseUrl: string;
  trustProxy: boolean;
  hlsUrl?: string;
  uplot: UplotUrls;
}

const DIM_TITLES: Record<typeof DIMENSIONS[number], string> = {
  source: "Traffic sources",
  device: "Devices",
  browser: "Browsers",
  os: "Operating systems",
  region: "Regions",
};

/**
 * /studio/analytics (the channel), /studio/analytics/videos/:id (one video,
 * with its retention curve and a preview player the drop-offs seek) and
 * their CSV exports. Read from the rollups only.
 */
export function analyticsPageRoutes(deps: AnalyticsPageDeps): Hono {
  const signedIn = requireUser({ signInPage: true });
  const managed = async (c: Context, raw: string | undefined = c.req.param("id")) => {
    const id = z.uuid().safeParse(raw);
    if (!id.success) throw new NotFoundError("We could not find that video.");
    return await findManagedVideo(deps.sql, { videoId: id.data, viewer: c.get("user") });
  };
  return new Hono()
    .get("/studio/analytics", signedIn, async (c) => {
      const range = parseRange(c.req.query());
      const report = await creatorReport(deps.sql, range, { ownerId: c.get("user")!.id });
      const query = new URL(c.req.url).search;
      return page(
        c,
        <Layout title="Channel analytics">
          <section class="analytics">
            <p class="muted">
              <a href="/studio">← My videos</a>
            </p>
            <h1>Channel analytics</h1>
            <RangePicker
              range={range}
              action="/studio/analytics"
              csv={`/studio/analytics.csv${query}`}
            />
            <Report report={report} uplot={deps.uplot} />
          </section>
        </Layout>,
      );
    })
    .get("/studio/analytics.csv", signedIn, async (c) => {
      const range = parseRange(c.req.query());
      const user = c.get("user")!;
      const video = c.req.query("video") ? await managed(c, c.req.query("video")) : null;
      const csv = await analyticsCsv(deps.sql, range, { ownerId: user.id, videoId: video?.id });
      return c.body(csv, 200, {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="analytics-${range.from}-${range.to}.csv"`,
        "Cache-Control": "private, no-store",
      });
    })
    .get("/studio/analytics/videos/:id", signedIn, async (c) => {
      const video = await managed(c);
      const range = parseRange(c.req.query());
      const [report, player] = await Promise.all([
        creatorReport(deps.sql, range, {
          ownerId: video.ownerId,
          video: { id: video.id, durationS: video.durationS },
        }),
        previewPlayerProps(c, video, deps),
      ]);
      const self = `/studio/analytics/videos/${video.id}`;
      const csvQuery = new URLSearchParams({ from: range.from, to: range.to, video: video.id });
      return page(
        c,
        <Layout title={`Analytics: ${video.title}`}>
          <section class="analytics">
            <p class="muted">
              <a href="/studio/analytics">← Channel analytics</a>
            </p>
            <h1>{video.title}</h1>
            <RangePicker range={range} action={self} csv={`/studio/analytics.csv?${csvQuery}`} />
            <div class="an-video">
              <div class="an-preview">
                {player ? <Player {...player} /> : <p class="muted">No preview can be played.</p>}
              </div>
              <Retention report={report} video={video} uplot={deps.uplot} />
            </div>
            <Report report={report} uplot={deps.uplot} />
          </section>
        </Layout>,
      );
    });
}

function Retention(props: { report: CreatorReport; video: Video; uplot: UplotUrls }) {
  const r = props.report.retention;
  if (!r) return null;
  const buckets = r.share.map((_, i) => i);
  return (
    <div class="an-retention">
      <ChartBlock
        id="retention"
        title="Audience retention"
        xKind="percent"
        xHeading="Position"
        labels={buckets.map((b) => `${b}%`)}
        x={buckets}
        series={[{ label: "Still watching", values: r.share }]}
        unit="share"
        marks={r.dropOffs.map((d) => ({ x: d.bucket, seekS: d.atS }))}
        uplot={props.uplot}
      />
      {r.dropOffs.length > 0 && (
        <div class="an-dropoffs">
          <h3>Biggest drop-offs</h3>
          <ol>
            {r.dropOffs.map((d) => (
              <li key={d.bucket}>
                <a href={`/v/${props.video.id}?t=${Math.floor(d.atS)}`} data-seek={d.atS}>
                  {formatDuration(d.atS)}
                </a>{" "}
                — {formatValue(d.loss, "share")} of viewers left
              </li>
            ))}
          </ol>
        </div>
      )}
    </div>
  );
}

function Report(props: { report: CreatorReport; uplot: UplotUrls }) {
  const { days, totals, topVideos, dims } = props.report;
  const labels = days.map((d) => d.day);
  const ms = (v: number | null) => v === null ? "–" : formatValue(v, "ms");
  return (
    <>
      <Tiles
        items={[
          { label: "Views", value: formatValue(totals.views, "count") },
          {
            label: "Unique viewers",
            value: formatValue(totals.viewers, "count"),
            note: "per day, summed",
          },
          { label: "Watch time", value: formatValue(totals.watchS, "duration") },
          { label: "Average view", value: formatValue(totals.avgViewS, "duration") },
          { label: "Completion rate", value: formatValue(totals.completionRate, "share") },
          {
            label: "Startup p50 / p95",
            value: `${ms(totals.startupP50Ms)} / ${ms(totals.startupP95Ms)}`,
          },
          { label: "Rebuffering", value: formatValue(totals.rebufferRatio, "share") },
          { label: "Error rate", value: formatValue(totals.errorRate, "share") },
        ]}
      />
      <div class="an-grid">
        <ChartBlock
          id="views"
          title="Views"
          xKind="day"
          labels={labels}
          x={dayX(labels)}
          series={[{ label: "Views", values: days.map((d) => d.views) }]}
          unit="count"
          uplot={props.uplot}
        />
        <ChartBlock
          id="watch"
          title="Watch time"
          xKind="day"
          labels={labels}
          x={dayX(labels)}
          series={[{ label: "Watch time", values: days.map((d) => d.watchS) }]}
          unit="duration"
          uplot={props.uplot}
        />
      </div>
      {topVideos.length > 0 && (
        <SimpleTable
          title="Top videos"
          head={["Video", "Views", "Watch time", "Completion"]}
          rows={topVideos.map((v) => [
            <a key={v.id} href={`/studio/analytics/videos/${v.id}`}>{v.title}</a>,
            formatValue(v.views, "count"),
            formatValue(v.watchS, "duration"),
            formatValue(v.views ? v.completes / v.views : 0, "share"),
          ])}
        />
      )}
      <div class="an-grid">
        {DIMENSIONS.map((d) => (
          <SimpleTable
            key={d}
            title={DIM_TITLES[d]}
            head={[d === "source" ? "Source" : "Value", "Views", "Watch time"]}
            rows={dims[d].map((r) => [
              r.value,
              formatValue(r.views, "count"),
              formatValue(r.watchS, "duration"),
            ])}
          />
        ))}
      </div>
    </>
  );
}
