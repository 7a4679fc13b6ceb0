/**
 * The creators' revenue pool: a configurable share of each month's premium
 * revenue (paid invoices), split between creators by the premium watch time
 * on their videos that month (the analytics rollups: watch time on videos
 * marked premium, counted by their current flag).
 */
import type { Sql } from "../db/mod.ts";

/** One month of a creator's (or, for admins, everyone's) premium figures. */
export interface RevenueMonth {
  /** First day of the month, YYYY-MM-01. */
  month: string;
  revenueCents: number;
  poolCents: number;
  totalWatchS: number;
  /** The creator's premium watch time (equals totalWatchS for the platform view). */
  watchS: number;
  /** The creator's share of the pool, in cents (rounded down). */
  shareCents: number;
}

/**
 * The split, as pure arithmetic: pool = revenue × share (rounded down to a
 * cent); the creator's part = pool × their watch ÷ everyone's watch (rounded
 * down, so the parts never add up to more than the pool). A month without
 * premium watch time pays nobody.
 */
export function splitRevenue(
  month: { month: string; revenueCents: number; totalWatchS: number; watchS: number },
  options: { share: number },
): RevenueMonth {
  const poolCents = Math.floor(month.revenueCents * options.share);
  const shareCents = month.totalWatchS > 0
    ? Math.floor(poolCents * Math.min(month.watchS, month.totalWatchS) / month.totalWatchS)
    : 0;
  return { ...month, poolCents, shareCents };
}

/** The months to show: `months` months up to and including the current one. */
function since(months: number, now: Date): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (months - 1), 1));
  return d.toISOString().slice(0, 10);
}

/**
 * Month by month, oldest first, for one creator (`ownerId`) or the whole
 * platform (no ownerId: watchS is everyone's). Bounded to `months` (≤ 36).
 */
export async function revenueByMonth(
  sql: Sql,
  options: { ownerId?: string; share: number; months?: number; now?: Date },
): Promise<RevenueMonth[]> {
  const from = since(Math.min(Math.max(options.months ?? 12, 1), 36), options.now ?? new Date());
  const rows = await sql<
    { month: string; revenueCents: string; totalWatchS: number; watchS: number }[]
  >`
    with months as (
      select generate_series(${from}::date, date_trunc('month', now())::date, '1 month')::date
        as month
    ), watch as (
      select date_trunc('month', d.day)::date as month, sum(d.watch_s) as total,
        sum(d.watch_s) filter (where ${options.ownerId ?? null}::uuid is null
          or d.owner_id = ${options.ownerId ?? null}::uuid) as mine
      from analytics_video_daily d join videos v on v.id = d.video_id
      where v.premium and d.day >= ${from}::date
      group by 1
    ), paid as (
      select date_trunc('month', paid_at at time zone 'UTC')::date as month,
        sum(amount_cents) as cents
      from billing_payments where paid_at >= ${from}::date
      group by 1
    )
    select to_char(m.month, 'YYYY-MM-DD') as month, coalesce(p.cents, 0) as "revenueCents",
      coalesce(w.total, 0)::float8 as "totalWatchS", coalesce(w.mine, 0)::float8 as "watchS"
    from months m left join watch w on w.month = m.month left join paid p on p.month = m.month
    order by m.month`;
  return rows.map((r) =>
    splitRevenue({ ...r, revenueCents: Number(r.revenueCents) }, { share: options.share })
  );
}

/** The creators with premium watch time since `months` ago, most watched first (admins). */
export async function topPremiumCreators(
  sql: Sql,
  options: { months?: number; limit?: number; now?: Date },
): Promise<{ ownerId: string; name: string; watchS: number }[]> {
  const from = since(Math.min(Math.max(options.months ?? 12, 1), 36), options.now ?? new Date());
  return await sql<{ ownerId: string; name: string; watchS: number }[]>`
    select d.owner_id as "ownerId", u.display_name as name, sum(d.watch_s)::float8 as "watchS"
    from analytics_video_daily d join videos v on v.id = d.video_id
      join users u on u.id = d.owner_id
    where v.premium and d.day >= ${from}::date
    group by d.owner_id, u.display_name
    order by 3 desc limit ${Math.min(options.limit ?? 50, 200)}`;
}
