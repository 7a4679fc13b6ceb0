import type { Config } from "./config.ts";
import { type Database, openDatabase } from "./db/mod.ts";
import { migrate, MIGRATIONS_DIR, readMigrations } from "./db/migrate.ts";
import { log } from "./log.ts";
import { loadSigningSecret } from "./secret.ts";
import { openStorage, type Storage } from "./storage/mod.ts";

/** The long-lived backends a VideoFlow process uses. */
export interface Services {
  config: Config;
  db: Database;
  storage: Storage;
  kv: Deno.Kv;
  secret: string;
  close(): Promise<void>;
}

/**
 * Opens the database (running migrations), object storage and Deno KV, on
 * their embedded defaults unless configured otherwise.
 */
export async function openServices(config: Config): Promise<Services> {
  await Deno.mkdir(config.dataDir, { recursive: true });
  const secret = await loadSigningSecret(config.signingSecret, { dataDir: config.dataDir });
  const db = await openDatabase({ ...config.database, dataDir: config.dataDir });
  try {
    const applied = await migrate(db.sql, await readMigrations(MIGRATIONS_DIR));
    if (applied.length) log("info", "migrations applied", { versions: applied });
    const storage = await openStorage(config, { secret });
    const kv = await Deno.openKv(config.kvPath);
    return {
      config,
      db,
      storage,
      kv,
      secret,
      async close() {
        kv.close();
        await db.close();
      },
    };
  } catch (err) {
    await db.close();
    throw err;
  }
}
