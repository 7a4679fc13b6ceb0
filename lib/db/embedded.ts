import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { unaccent } from "@electric-sql/pglite/contrib/unaccent";
import { ensurePrivateDir, makeTreePrivate, PRIVATE_FILE_MODE } from "../private_fs.ts";

/** An embedded PostgreSQL (PGlite) reachable over the wire protocol on loopback. */
export interface EmbeddedPostgres {
  url: string;
  close(): Promise<void>;
}

/**
 * Starts PGlite on `dataDir` and its socket server on 127.0.0.1.
 * PGlite is one session: the server allows one connection, so clients must use a
 * pool of one (interleaving two connections' transactions in one session would
 * mix them).
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  options: { port?: number } = {},
): Promise<EmbeddedPostgres> {
  await ensurePrivateDir(dataDir);
  const lock = await lockDirectory(dataDir);
  // Search (migrations/0008_search.sql) needs these two contrib extensions.
  const db = await PGlite.create(dataDir, { extensions: { pg_trgm, unaccent } });
  // PGlite unpacks its initial database with mode 0666; what PostgreSQL writes later is 0600.
  await makeTreePrivate(dataDir);
  const server = new PGLiteSocketServer({
    db,
    host: "127.0.0.1",
    port: options.port ?? 0,
    maxConnections: 1,
  });
  await server.start();
  const conn = server.getServerConn(); // "host:port"
  return {
    url: `postgres://postgres@${conn}/postgres`,
    async close() {
      await server.stop();
      await db.close();
      lock.close();
    },
  };
}

/**
 * Takes an exclusive lock next to the data so that a second process cannot
 * open the same PGlite directory (which would corrupt it).
 */
async function lockDirectory(dataDir: string): Promise<Deno.FsFile> {
  const file = await Deno.open(`${dataDir}.lock`, {
    write: true,
    create: true,
    mode: PRIVATE_FILE_MODE,
  });
  const locked = file.lock(true).then(() => true);
  const timeout = new Promise<false>((r) => setTimeout(() => r(false), 1500));
  if (await Promise.race([locked, timeout])) return file;
  file.close();
  throw new Error(
    `Another VideoFlow process is using the embedded database in ${dataDir}: stop it, or set DATABASE_URL.`,
  );
}
