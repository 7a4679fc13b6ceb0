/** Test helpers: a fresh migrated database on the harness's PostgreSQL, and rows to point at. */
import type { Sql } from "../db/mod.ts";
import { migrate, MIGRATIONS_DIR, readMigrations } from "../db/migrate.ts";
import { freshDatabase } from "../../tests/_harness/db.ts";

/** Runs `fn` with a fresh migrated database, dropped afterwards. */
export async function withDb(fn: (sql: Sql) => Promise<void>): Promise<void> {
  const db = await freshDatabase({ max: 4 });
  try {
    await migrate(db.sql, await readMigrations(MIGRATIONS_DIR));
    await fn(db.sql);
  } finally {
    await db.drop();
  }
}

/** Inserts a user and an `uploaded` video of theirs; returns the video id. */
export async function insertVideo(sql: Sql): Promise<string> {
  const [user] = await sql<{ id: string }[]>`
    insert into users (email, password_hash, display_name)
    values (${`q${crypto.randomUUID()}@example.test`}, 'x', 'Q') returning id`;
  const [video] = await sql<{ id: string }[]>`
    insert into videos (owner_id, title, status) values (${user.id}, 'v', 'uploaded') returning id`;
  return video.id;
}
