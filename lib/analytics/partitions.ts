/**
 * The daily partitions of analytics_events (declarative range partitioning,
 * the same on PostgreSQL 15 and PGlite): created ahead by the maintenance job
 * and on demand by ingest, dropped whole once past the retention, which costs
 * nothing like a DELETE of millions of rows and leaves no bloat.
 */
import type { Sql } from "../db/mod.ts";

const DAY_MS = 86_400_000;
const NAME = /^analytics_events_(\d{4})(\d{2})(\d{2})$/;

/** The UTC day of `t` as YYYY-MM-DD. */
export function utcDay(t: number | Date): string {
  return new Date(typeof t === "number" ? t : t.getTime()).toISOString().slice(0, 10);
}

/** `day` moved by `n` days. */
export function addDays(day: string, n: number): string {
  return utcDay(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS);
}

/** The partition's table name for `day`. */
export function partitionName(day: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`not a day: ${day}`);
  return `analytics_events_${day.replaceAll("-", "")}`;
}

// Days whose partition this process has made sure of, per database (ingest asks once per day).
const knownBySql = new WeakMap<Sql, Set<string>>();
function known(sql: Sql): Set<string> {
  let set = knownBySql.get(sql);
  if (!set) knownBySql.set(sql, set = new Set());
  return set;
}

/** Creates the partitions of `day` and the `ahead` days after it, where missing. */
export async function ensurePartitions(
  sql: Sql,
  day: string,
  options: { ahead?: number } = {},
): Promise<void> {
  for (let i = 0; i <= (options.ahead ?? 0); i++) {
    const d = addDays(day, i);
    if (known(sql).has(d)) continue;
    try {
      // Names and bounds come from a validated date, never from a request.
      await sql.unsafe(
        `create table if not exists ${partitionName(d)} partition of analytics_events
         for values from ('${d}') to ('${addDays(d, 1)}')`,
      );
    } catch (e) {
      // Another process created it between our check and our create.
      const code = (e as { code?: string }).code;
      if (code !== "42P07" && code !== "23505") throw e;
    }
    known(sql).add(d);
  }
}

/** The days that have a partition, oldest first. */
export async function partitionDays(sql: Sql): Promise<string[]> {
  const rows = await sql<{ name: string }[]>`
    select c.relname as name from pg_inherits i
    join pg_class c on c.oid = i.inhrelid
    join pg_class p on p.oid = i.inhparent
    where p.relname = 'analytics_events'`;
  return rows.map((r) => NAME.exec(r.name)).filter((m) => m !== null)
    .map((m) => `${m[1]}-${m[2]}-${m[3]}`).sort();
}

/**
 * Drops the partitions of days before `before` (raw events past the
 * retention; the rollups stay), and those days' sessions and salts.
 * Returns the days dropped.
 */
export async function dropPartitionsBefore(sql: Sql, before: string): Promise<string[]> {
  const old = (await partitionDays(sql)).filter((d) => d < before);
  for (const d of old) {
    await sql.unsafe(`drop table if exists ${partitionName(d)}`);
    known(sql).delete(d);
  }
  await sql`delete from analytics_sessions where day < ${before}`;
  return old;
}
