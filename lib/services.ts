import { sharedKv } from "./kv_shared.ts";
import type { Config } from "./config.ts";
import { type Database, openDatabase } from "./db/mod.ts";
import { migrate, MIGRATIONS_DIR, readMigrations } from "./db/migrate.ts";
import { promoteAdminEmail } from "./auth/users.ts";
import { ensureInstanceSettings } from "./moderation/settings.ts";
import { log } from "./log.ts";
import { enforceAccessGroups, enforcePremium } from "./videos/access.ts";
import { ensurePrivateDir, makeFilePrivate } from "./private_fs.ts";
import { loadSigningSecret } from "./secret.ts";
import { openStorage, type Storage } from "./storage/mod.ts";

/** The long-lived backends a VideoFlow process uses. */
export interface Services {
  config: Config;
  db: Database;
  storage: Storage;
  kv: Deno.Kv;
  secret: string;
  /** Key for access tokens (AUTH_SECRET, or generated into DATA_DIR). */
  authSecret: string;
  close(): Promise<void>;
}

/**
 * Opens the database (running migrations), object storage and Deno KV, on
 * their embedded defaults unless configured otherwise.
 */
export async function openServices(config: Config): Promise<Services> {
  await ensurePrivateDir(config.dataDir);
  const secret = await loadSigningSecret(config.signingSecret, { dataDir: config.dataDir });
  const authSecret = await loadSigningSecret(config.auth.secret, {
    dataDir: config.dataDir,
    file: "auth-secret",
  });
  const db = await openDatabase({ ...config.database, dataDir: config.dataDir });
  try {
    const applied = await migrate(db.sql, await readMigrations(MIGRATIONS_DIR));
    if (applied.length) log("info", "migrations applied", { versions: applied });
    await promoteAdminEmail(db.sql, config.auth.adminEmail);
    await ensureInstanceSettings(db.sql, config.instance);
    enforceAccessGroups(config.enforceCategoryAccess);
    enforcePremium(!!config.billing);
    const storage = await openStorage(config, { secret });
    // Web instances on one host may share the file: its locked writes are retried.
    const kv = sharedKv(await Deno.openKv(config.kvPath));
    if (!/^https?:\/\//.test(config.kvPath)) {
      // SQLite gives its -wal and -shm files the database file's mode.
      for (const suffix of ["", "-wal", "-shm"]) await makeFilePrivate(config.kvPath + suffix);
    }
    return {
      config,
      db,
      storage,
      kv,
      secret,
      authSecret,
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
