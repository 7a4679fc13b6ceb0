/**
 * Viewer ids without a tracking cookie. A signed-in viewer: an HMAC of the
 * account id (stable, so unique viewers add up across days). An anonymous
 * viewer: a hash of the day's random salt, the network (IPv4 or IPv6 /64) and
 * the User-Agent, so one browser is one viewer for a day and cannot be
 * followed to the next: the salt is deleted once its day is over, after which
 * nobody (not even with the server's secret) can tell who an id was.
 */
import { createHash, createHmac } from "node:crypto";
import type { Sql } from "../db/mod.ts";
import { networkKey } from "../rate_limit.ts";
import { addDays, utcDay } from "./partitions.ts";

// The current day's salt, per database.
const salts = new WeakMap<Sql, { day: string; salt: string }>();

/** Today's salt (made by whichever process asks first), yesterday's and older ones deleted. */
export async function saltOf(sql: Sql, day: string): Promise<string> {
  const cached = salts.get(sql);
  if (cached?.day === day) return cached.salt;
  const fresh = crypto.getRandomValues(new Uint8Array(24));
  await sql`insert into analytics_salts (day, salt)
    values (${day}, ${btoa(String.fromCharCode(...fresh))}) on conflict (day) do nothing`;
  const [row] = await sql<{ salt: string }[]>`select salt from analytics_salts where day = ${day}`;
  salts.set(sql, { day, salt: row.salt });
  return row.salt;
}

/** Forgets the salts of days before yesterday (a batch may arrive a little after midnight). */
export async function dropOldSalts(sql: Sql, now = Date.now()): Promise<void> {
  await sql`delete from analytics_salts where day < ${addDays(utcDay(now), -1)}`;
}

/** The viewer id of one request. */
export async function viewerId(
  sql: Sql,
  who: { userId?: string; ip: string; userAgent: string; secret: string },
): Promise<string> {
  if (who.userId) {
    return createHmac("sha256", who.secret).update(`analytics-user|${who.userId}`).digest("hex")
      .slice(0, 32);
  }
  const salt = await saltOf(sql, utcDay(Date.now()));
  return createHash("sha256").update(`${salt}|${networkKey(who.ip)}|${who.userAgent.slice(0, 300)}`)
    .digest("hex").slice(0, 32);
}
