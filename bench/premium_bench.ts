/**
 * Premium benchmark (embedded PGlite, temporary directory): (1) what the media
 * edge's grant costs for a premium-only video and a member's token (the same
 * one statement, which now also reads the viewer's tier) against an unlisted
 * video's grant for a signed-in token, both uncached; (2) a Stripe webhook end
 * to end in-process: signature check by the stripe library, then the event
 * applied in one transaction (event id, subscription, tier).
 */
import Stripe from "stripe";
import { migrate, MIGRATIONS_DIR, readMigrations } from "../lib/db/migrate.ts";
import { openDatabase, type Sql } from "../lib/db/mod.ts";
import { MediaAccessCache } from "../lib/videos/media_access.ts";
import { enforcePremium } from "../lib/videos/access.ts";
import { billingFromEnv } from "../lib/billing/config.ts";
import { openStripe } from "../lib/billing/stripe_client.ts";
import { handleEvent, verifyEvent } from "../lib/billing/webhook.ts";
import type { BenchOptions, BenchResult } from "./_types.ts";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timePerCall(fn: (i: number) => Promise<unknown>, calls: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < calls; i++) await fn(i);
  return (performance.now() - t0) / calls * 1000;
}

async function seed(sql: Sql) {
  const [member] = await sql<{ id: string }[]>`insert into users
      (email, password_hash, display_name, tier, premium_until)
    values ('m@example.com', 'x', 'M', 'premium', now() + interval '30 days') returning id`;
  const video = async (visibility: string, premium: boolean) => {
    const [v] = await sql<{ id: string }[]>`insert into videos
        (owner_id, title, visibility, status, premium, playable_at, published_at)
      values (${member.id}, 'v', ${visibility}, 'ready', ${premium}, now(), now()) returning id`;
    return v.id;
  };
  return {
    member: member.id,
    unlisted: await video("unlisted", false),
    premium: await video("public", true),
  };
}

/** Runs the benchmark; `quick` makes fewer calls. */
export default async function run(options: BenchOptions): Promise<BenchResult> {
  const dir = await Deno.makeTempDir({ prefix: "vf-bench-premium-" });
  const db = await openDatabase({ poolSize: 1, dataDir: dir });
  try {
    await migrate(db.sql, await readMigrations(MIGRATIONS_DIR));
    enforcePremium(true);
    const calls = options.quick ? 300 : 1500;
    const ids = await seed(db.sql);
    const cache = new MediaAccessCache(db.sql, { ttlMs: 0 });
    const viewer = { id: ids.member, tokenVersion: 0 };
    const unlisted = () => cache.check(ids.unlisted, { tokenOk: true, viewer, path: "a.m4s" });
    const premium = () => cache.check(ids.premium, { tokenOk: true, viewer, path: "a.m4s" });
    if ((await premium()).verdict !== "serve") throw new Error("the member was refused");
    await timePerCall(unlisted, calls);
    await timePerCall(premium, calls);
    const a: number[] = [];
    const b: number[] = [];
    for (let round = 0; round < 7; round++) {
      a.push(await timePerCall(unlisted, calls));
      b.push(await timePerCall(premium, calls));
    }

    const { config } = billingFromEnv({
      STRIPE_SECRET_KEY: "sk_test_bench",
      STRIPE_WEBHOOK_SECRET: "whsec_bench",
      STRIPE_PRICE_MONTHLY: "price_bench",
    });
    const gateway = openStripe(config!);
    const stripe = new Stripe("sk_test_bench", { httpClient: Stripe.createFetchHttpClient() });
    const crypto = Stripe.createSubtleCryptoProvider();
    const events = options.quick ? 100 : 400;
    const webhook = async (i: number) => {
      const payload = JSON.stringify({
        id: `evt_bench_${i}`,
        object: "event",
        created: Math.floor(Date.now() / 1000),
        type: "customer.subscription.updated",
        data: {
          object: {
            id: `sub_bench_${i % 50}`,
            object: "subscription",
            customer: `cus_bench_${i % 50}`,
            status: "active",
            cancel_at_period_end: false,
            metadata: { user_id: ids.member },
            items: { data: [{ current_period_end: 2e9, price: { id: "price_bench" } }] },
          },
        },
      });
      const header = await stripe.webhooks.generateTestHeaderStringAsync({
        payload,
        secret: "whsec_bench",
        cryptoProvider: crypto,
      });
      const event = await verifyEvent(gateway, new TextEncoder().encode(payload), {
        header,
        config: config!,
      });
      await handleEvent({ sql: db.sql, gateway, config: config! }, event);
    };
    const w = await timePerCall(webhook, events);
    const ratio = median(b) / median(a);
    return {
      tables: [{
        title:
          `Media edge grant, uncached (median of 7 rounds × ${calls} calls, embedded PGlite; ` +
          `loaded machine: indicative)`,
        columns: ["grant", "µs per call", "rounds (µs)", "comparison"],
        rows: [
          ["unlisted video, signed-in token", median(a), a.map(Math.round).join(", "), "baseline"],
          [
            "premium video, member's token",
            median(b),
            b.map(Math.round).join(", "),
            `${ratio.toFixed(2)}× (goal ≤ 1.2×)`,
          ],
        ],
      }, {
        title: `Stripe webhook in-process: sign (test), verify, apply in one transaction ` +
          `(${events} events, embedded PGlite)`,
        columns: ["step", "µs per event", "goal"],
        rows: [["sign + verify + apply", w, "≤ 20,000 µs (Stripe waits up to 10 s)"]],
      }],
      data: { unlisted: a, premium: b, ratio, webhookUs: w },
    };
  } finally {
    await db.close();
    await Deno.remove(dir, { recursive: true });
  }
}
