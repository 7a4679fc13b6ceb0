import { type Context, Hono } from "hono";
import { z } from "zod";
import {
  ChartBlock,
  dayX,
  SimpleTable,
  Tiles,
  type UplotUrls,
} from "../components/AnalyticsParts.tsx";
import { Layout } from "../components/Layout.tsx";
import { revenueByMonth, type RevenueMonth, topPremiumCreators } from "../lib/billing/revenue.ts";
import { toCsv } from "../lib/csv.ts";
import type { Sql } from "../lib/db/mod.ts";
import { formatValue } from "../lib/shared/analytics_format.ts";
import { requireUser } from "../middleware/auth.ts";
import { page } from "./_render.tsx";

const query = z.object({
  months: z.coerce.number().int().min(1).max(36).default(12).catch(12),
  scope: z.enum(["mine", "all"]).default("mine").catch("mine"),
});

/** Cents as an amount with two decimals. */
const money = (cents: number) => (cents / 100).toFixed(2);

/**
 * /studio/monetization: a creator's premium watch time and share of the
 * revenue pool by month (chart, table, CSV at /studio/monetization.csv);
 * admins also see the platform's totals (`?scope=all`) and the creators with
 * the most premium watch time. Mounted only with Stripe configured.
 */
export function monetizationPageRoutes(
  deps: { sql: Sql; creatorShare: number; uplot: UplotUrls },
): Hono {
  const signedIn = requireUser({ signInPage: true });
  const load = (c: Context) => {
    const q = query.parse(c.req.query());
    const user = c.get("user")!;
    const all = q.scope === "all" && user.role === "admin";
    return {
      q,
      all,
      rows: revenueByMonth(deps.sql, {
        ownerId: all ? undefined : user.id,
        share: deps.creatorShare,
        months: q.months,
      }),
    };
  };
  return new Hono()
    .get("/studio/monetization", signedIn, async (c) => {
      const { all, q, rows: pending } = load(c);
      const rows = await pending;
      const top = all ? await topPremiumCreators(deps.sql, { months: q.months }) : [];
      const admin = c.get("user")!.role === "admin";
      return page(
        c,
        <Layout title="Monetization">
          <section class="analytics monetization">
            <p class="muted">
              <a href="/studio">← My videos</a>
            </p>
            <h1>{all ? "Premium revenue: platform totals" : "Monetization"}</h1>
            <p class="muted">
              {Math.round(deps.creatorShare * 100)}% of premium revenue is shared between creators
              by the watch time of their premium-only videos, month by month. Amounts are in your
              Stripe account's currency.
            </p>
            <nav class="an-presets" aria-label="Period and scope">
              {[6, 12, 24].map((n) => (
                <a
                  key={n}
                  href={`/studio/monetization?months=${n}${all ? "&scope=all" : ""}`}
                  aria-current={q.months === n ? "page" : undefined}
                >
                  {n} months
                </a>
              ))}
              {admin && (
                <a href={`/studio/monetization?months=${q.months}${all ? "" : "&scope=all"}`}>
                  {all ? "My channel" : "Platform totals"}
                </a>
              )}
              <a
                class="button secondary"
                href={`/studio/monetization.csv?months=${q.months}${all ? "&scope=all" : ""}`}
                download
              >
                Export CSV
              </a>
            </nav>
            <MonetizationReport rows={rows} all={all} uplot={deps.uplot} />
            {all && (
              <SimpleTable
                title="Creators by premium watch time"
                head={["Creator", "Premium watch time"]}
                rows={top.map((t) => [
                  <a key={t.ownerId} href={`/u/${t.ownerId}`}>{t.name}</a>,
                  formatValue(t.watchS, "duration"),
                ])}
              />
            )}
          </section>
        </Layout>,
      );
    })
    .get("/studio/monetization.csv", signedIn, async (c) => {
      const rows = await load(c).rows;
      c.header("Content-Type", "text/csv; charset=utf-8");
      c.header("Content-Disposition", 'attachment; filename="monetization.csv"');
      c.header("Cache-Control", "private, no-store");
      return c.body(toCsv(
        ["month", "revenue", "pool", "premium_watch_s_total", "premium_watch_s", "share"],
        rows.map((r) => [
          r.month.slice(0, 7),
          money(r.revenueCents),
          money(r.poolCents),
          Math.round(r.totalWatchS),
          Math.round(r.watchS),
          money(r.shareCents),
        ]),
      ));
    });
}

function MonetizationReport(props: { rows: RevenueMonth[]; all: boolean; uplot: UplotUrls }) {
  const { rows } = props;
  const labels = rows.map((r) => r.month.slice(0, 7));
  const sum = (f: (r: RevenueMonth) => number) => rows.reduce((s, r) => s + f(r), 0);
  return (
    <>
      <Tiles
        items={[
          { label: "Premium watch time", value: formatValue(sum((r) => r.watchS), "duration") },
          props.all
            ? { label: "Premium revenue", value: money(sum((r) => r.revenueCents)) }
            : { label: "Your share", value: money(sum((r) => r.shareCents)) },
          { label: "Creators' pool", value: money(sum((r) => r.poolCents)) },
        ]}
      />
      <ChartBlock
        id="premium-watch"
        title="Premium watch time by month"
        xKind="day"
        xHeading="Month"
        labels={labels}
        x={dayX(rows.map((r) => r.month))}
        series={[{ label: "Premium watch time", values: rows.map((r) => r.watchS) }]}
        unit="duration"
        uplot={props.uplot}
      />
      <SimpleTable
        title="By month, newest first"
        head={["Month", "Revenue", "Pool", "Watch time", "Share"]}
        rows={rows.toReversed().map((r) => [
          r.month.slice(0, 7),
          money(r.revenueCents),
          money(r.poolCents),
          formatValue(r.watchS, "duration"),
          money(r.shareCents),
        ])}
      />
    </>
  );
}
