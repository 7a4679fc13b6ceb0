/**
 * The creators' monetization: premium watch time from the analytics rollups,
 * the pool (a share of the month's premium revenue) and each creator's part,
 * on the page, in the CSV, and the platform totals for admins only.
 */
import assert from "node:assert/strict";
import { revenueByMonth } from "../lib/billing/revenue.ts";
import type { Sql } from "../lib/db/mod.ts";
import { tokenAccount } from "./_harness/client.ts";
import { addPlayableVideo } from "./_harness/community.ts";
import { premiumApp } from "./_harness/premium.ts";

async function watched(sql: Sql, video: { id: string; owner: string }, day: string, s: number) {
  await sql`insert into analytics_video_daily (video_id, owner_id, day, sessions, views, viewers,
      watch_s, completes, errors, rebuffer_s, rebuffers, startup_hist, retention)
    values (${video.id}, ${video.owner}, ${day}, 1, 1, 1, ${s}, 0, 0, 0, 0, '{}', '{}')`;
}

function thisMonth(day: number): string {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), day)).toISOString().slice(0, 10);
}

Deno.test("each creator's share: the pool split by premium watch time, month by month, with CSV", async () => {
  const t = await premiumApp();
  try {
    const a = await tokenAccount(t.app, { name: "Alice" });
    const b = await tokenAccount(t.app, { name: "Bob" });
    const premiumA = { id: await addPlayableVideo(t.sql, a.id), owner: a.id };
    const premiumB = { id: await addPlayableVideo(t.sql, b.id), owner: b.id };
    const freeA = { id: await addPlayableVideo(t.sql, a.id), owner: a.id };
    await t.sql`update videos set premium = true where id in ${t.sql([premiumA.id, premiumB.id])}`;
    await watched(t.sql, premiumA, thisMonth(1), 3000);
    await watched(t.sql, premiumA, thisMonth(2), 0);
    await watched(t.sql, premiumB, thisMonth(1), 1000);
    await watched(t.sql, freeA, thisMonth(1), 50_000); // not premium: not in the split
    for (const [id, cents] of [["in_1", 60_000], ["in_2", 40_000]] as const) {
      await t.sql`insert into billing_payments (invoice_id, amount_cents, currency, paid_at)
        values (${id}, ${cents}, 'usd', ${thisMonth(1)}::date + interval '3 hours')`;
    }
    const share = t.services.config.billing!.creatorShare; // 0.5 by default
    const rows = await revenueByMonth(t.sql, { ownerId: a.id, share, months: 2 });
    assert.equal(rows.length, 2);
    const now = rows.at(-1)!;
    // Revenue 1,000.00; pool 500.00; Alice has 3000 of 4000 s: 375.00.
    assert.deepEqual(
      { ...now, month: undefined },
      {
        month: undefined,
        revenueCents: 100_000,
        poolCents: 50_000,
        totalWatchS: 4000,
        watchS: 3000,
        shareCents: 37_500,
      },
    );
    assert.equal(rows[0].shareCents, 0, "last month: nothing");

    const csv = await (await a.call("/studio/monetization.csv?months=1")).text();
    const [head, line] = csv.trim().split("\r\n");
    assert.equal(head, "month,revenue,pool,premium_watch_s_total,premium_watch_s,share");
    assert.equal(line, `${thisMonth(1).slice(0, 7)},1000.00,500.00,4000,3000,375.00`);
    const bobCsv = await (await b.call("/studio/monetization.csv?months=1")).text();
    assert.match(bobCsv, /,4000,1000,125\.00\r\n$/);

    const page = await (await a.call("/studio/monetization")).text();
    assert.match(page, /375\.00/);
    assert.match(page, /data-island="AnalyticsChart"/);
    // scope=all is for admins: a creator asking gets their own figures.
    const notAdmin = await (await a.call("/studio/monetization.csv?months=1&scope=all")).text();
    assert.equal(notAdmin, csv);
    await t.sql`update users set role = 'admin' where id = ${b.id}`;
    const all = await (await b.call("/studio/monetization.csv?months=1&scope=all")).text();
    assert.match(all, /,1000\.00,500\.00,4000,4000,500\.00\r\n$/);
  } finally {
    await t.close();
  }
});
