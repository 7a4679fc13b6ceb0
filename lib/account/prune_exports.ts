import type { Sql } from "../db/mod.ts";
import type { Storage } from "../storage/types.ts";

/**
 * Removes archives past their expiry: the objects first, then the keys are
 * forgotten (the row stays, so the data page can say it expired). Bounded per
 * run; the hourly schedule catches up.
 */
export async function pruneSourceExports(
  deps: { sql: Sql; storage: Storage },
): Promise<number> {
  const rows = await deps.sql<{ id: string; keys: string[] }[]>`
    select id, object_keys as keys from account_exports
    where expires_at <= now() and cardinality(object_keys) > 0 limit 500`;
  for (const row of rows) {
    for (const key of row.keys) await deps.storage.delete(key);
    await deps.sql`update account_exports set object_keys = '{}' where id = ${row.id}`;
  }
  return rows.length;
}
