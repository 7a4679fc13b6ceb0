import assert from "node:assert/strict";
import { openDatabase } from "../lib/db/mod.ts";
import { migrate, MIGRATIONS_DIR, readMigrations } from "../lib/db/migrate.ts";

Deno.test("openDatabase() without a URL runs the migrations on embedded PGlite and keeps the data", async () => {
  const dir = await Deno.makeTempDir({ prefix: "vf-pglite-" });
  try {
    const ms = await readMigrations(MIGRATIONS_DIR);
    const first = await openDatabase({ poolSize: 5, dataDir: dir });
    assert.equal(first.kind, "embedded");
    assert.deepEqual(await migrate(first.sql, ms), ms.map((m) => m.version));
    await first
      .sql`insert into users (email, password_hash, display_name) values ('e@example.com', 'x', 'E')`;
    // A second opener of the same directory is refused while the first holds it.
    await assert.rejects(
      () => openDatabase({ poolSize: 5, dataDir: dir }),
      /Another VideoFlow process/,
    );
    await first.close();

    const again = await openDatabase({ poolSize: 5, dataDir: dir });
    try {
      assert.deepEqual(await migrate(again.sql, ms), []);
      const rows = await again.sql`select email from users`;
      assert.deepEqual(rows.map((r) => r.email), ["e@example.com"]);
      await assert.rejects(
        () =>
          again
            .sql`insert into users (email, password_hash, display_name) values ('E@example.com', 'x', 'E')`,
        /users_email_key/,
      );
    } finally {
      await again.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
