import assert from "node:assert/strict";
import { connect } from "../lib/db/mod.ts";
import { migrate, MIGRATIONS_DIR, readMigrations } from "../lib/db/migrate.ts";
import { freshDatabase } from "./_harness/db.ts";

Deno.test("readMigrations() reads the project's numbered files in order", async () => {
  const ms = await readMigrations(MIGRATIONS_DIR);
  assert.ok(ms.length >= 1);
  assert.equal(ms[0].version, 1);
  assert.equal(ms[0].name, "init");
  assert.deepEqual(ms.map((m) => m.version), [...ms.map((m) => m.version)].sort((a, b) => a - b));
});

Deno.test("migrate() applies each migration once; a second run is a no-op", async () => {
  const db = await freshDatabase();
  try {
    const ms = await readMigrations(MIGRATIONS_DIR);
    assert.deepEqual(await migrate(db.sql, ms), ms.map((m) => m.version));
    assert.deepEqual(await migrate(db.sql, ms), []);
    const tables = await db.sql<{ t: string }[]>`
      select table_name as t from information_schema.tables where table_schema = 'public'`;
    const names = tables.map((r) => r.t);
    for (
      const t of ["users", "videos", "renditions", "uploads", "transcode_jobs", "schema_migrations"]
    ) {
      assert.ok(names.includes(t), `missing table ${t}`);
    }
    const [{ n }] = await db.sql<{ n: number }[]>`select count(*)::int as n from schema_migrations`;
    assert.equal(n, ms.length);
  } finally {
    await db.drop();
  }
});

Deno.test("migrate() from two connections at once applies everything exactly once", async () => {
  const db = await freshDatabase();
  const a = connect(db.url, { max: 1 });
  const b = connect(db.url, { max: 1 });
  try {
    const ms = await readMigrations(MIGRATIONS_DIR);
    const [ra, rb] = await Promise.all([migrate(a, ms), migrate(b, ms)]);
    assert.deepEqual([...ra, ...rb].sort(), ms.map((m) => m.version).sort());
    assert.ok(ra.length === 0 || rb.length === 0, "both runs applied migrations");
  } finally {
    await a.end();
    await b.end();
    await db.drop();
  }
});

Deno.test("migrate() rolls back a failing migration and records nothing of it", async () => {
  const db = await freshDatabase();
  try {
    const bad = [
      { version: 1, name: "ok", sql: "create table a (id int)" },
      { version: 2, name: "broken", sql: "create table b (id int); select * from nowhere" },
    ];
    await assert.rejects(() => migrate(db.sql, bad), /nowhere/);
    const [{ reg }] = await db.sql<{ reg: string | null }[]>`select to_regclass('a')::text as reg`;
    assert.equal(reg, null);
    assert.deepEqual(await migrate(db.sql, bad.slice(0, 1)), [1]);
  } finally {
    await db.drop();
  }
});

Deno.test("the search trigger indexes title, tags and description", async () => {
  const db = await freshDatabase();
  try {
    await migrate(db.sql, await readMigrations(MIGRATIONS_DIR));
    const [u] = await db.sql`insert into users (email, password_hash, display_name)
      values ('a@example.com', 'x', 'A') returning id`;
    await db.sql`insert into videos (owner_id, title, description, tags)
      values (${u.id}, 'Sunset timelapse', 'over the harbour', ${["nature", "sky"]})`;
    const hit = await db
      .sql`select id from videos where search @@ plainto_tsquery('simple', 'harbour sky')`;
    assert.equal(hit.length, 1);
    const miss = await db
      .sql`select id from videos where search @@ plainto_tsquery('simple', 'city')`;
    assert.equal(miss.length, 0);
  } finally {
    await db.drop();
  }
});
