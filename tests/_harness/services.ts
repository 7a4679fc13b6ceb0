import { loadConfig } from "../../lib/config.ts";
import { migrate, MIGRATIONS_DIR, readMigrations } from "../../lib/db/migrate.ts";
import type { Services } from "../../lib/services.ts";
import { LocalStorage } from "../../lib/storage/local.ts";
import { freshDatabase } from "./db.ts";

/**
 * Services for one test: a fresh migrated database on the harness PostgreSQL,
 * a local object store and a KV file in a temporary directory.
 */
export async function openTestServices(
  options: { publicUrl?: string; env?: Record<string, string> } = {},
): Promise<Services & { dir: string }> {
  const dir = await Deno.makeTempDir({ prefix: "vf-test-" });
  const db = await freshDatabase();
  await migrate(db.sql, await readMigrations(MIGRATIONS_DIR));
  const secret = "test-secret-".padEnd(40, "x");
  const config = loadConfig({
    DATA_DIR: dir,
    DATABASE_URL: db.url,
    PUBLIC_URL: options.publicUrl ?? "http://localhost:8000",
    SIGNING_SECRET: secret,
    ...options.env,
  });
  const storage = await new LocalStorage(`${dir}/objects`, { secret, publicUrl: config.publicUrl })
    .init();
  const kv = await Deno.openKv(`${dir}/kv.sqlite3`);
  return {
    dir,
    config,
    db: { sql: db.sql, kind: "external", close: () => db.drop() },
    storage,
    kv,
    secret,
    authSecret: "test-auth-secret-".padEnd(40, "y"),
    async close() {
      kv.close();
      await db.drop();
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    },
  };
}
