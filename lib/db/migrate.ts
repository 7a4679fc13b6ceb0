import type { Sql } from "./mod.ts";

/** One numbered SQL migration file. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

// An arbitrary constant: every VideoFlow process contends for the same lock.
const LOCK_KEY = 7_146_082_311;

/** Reads `NNNN_name.sql` files from a directory, ordered by number. */
export async function readMigrations(dir: string | URL): Promise<Migration[]> {
  const out: Migration[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const m = entry.isFile ? /^(\d+)_([\w-]+)\.sql$/.exec(entry.name) : null;
    if (!m) continue;
    const url = new URL(entry.name, dir instanceof URL ? dir : `file://${dir}/`);
    out.push({ version: Number(m[1]), name: m[2], sql: await Deno.readTextFile(url) });
  }
  out.sort((a, b) => a.version - b.version);
  for (let i = 1; i < out.length; i++) {
    if (out[i].version === out[i - 1].version) {
      throw new Error(`Two migrations share number ${out[i].version}`);
    }
  }
  return out;
}

/**
 * Applies the migrations not yet recorded in `schema_migrations`, each once,
 * in one transaction under an advisory lock so that processes starting
 * together apply them exactly once. Returns the versions it applied.
 */
export async function migrate(sql: Sql, migrations: Migration[]): Promise<number[]> {
  return await sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(${LOCK_KEY})`;
    await tx`create table if not exists schema_migrations (
      version integer primary key,
      name text not null,
      applied_at timestamptz not null default now()
    )`;
    const rows = await tx<{ version: number }[]>`select version from schema_migrations`;
    const done = new Set(rows.map((r) => r.version));
    const applied: number[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await tx.unsafe(m.sql);
      await tx`insert into schema_migrations (version, name) values (${m.version}, ${m.name})`;
      applied.push(m.version);
    }
    return applied;
  });
}

/** The project's own migrations folder. */
export const MIGRATIONS_DIR = new URL("../../migrations/", import.meta.url);
