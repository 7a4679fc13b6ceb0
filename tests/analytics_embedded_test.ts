/**
 * The analytics storage on the embedded PGlite (`deno task dev`): daily
 * partitions made and dropped, events appended once, and the rollup, as on
 * PostgreSQL 15.
 */
import assert from "node:assert/strict";
import { openDatabase } from "../lib/db/mod.ts";
import { migrate, MIGRATIONS_DIR, readMigrations } from "../lib/db/migrate.ts";
import {
  addDays,
  dropPartitionsBefore,
  ensurePartitions,
  partitionDays,
  utcDay,
} from "../lib/analytics/partitions.ts";
import { rollupPending } from "../lib/analytics/rollup.ts";
import { PostgresEventSink } from "../lib/analytics/sink.ts";

Deno.test("analytics on PGlite: partitions, exactly-once append, rollup", async () => {
  const dir = await Deno.makeTempDir({ prefix: "vf-pglite-analytics-" });
  const db = await openDatabase({ poolSize: 1, dataDir: dir });
  try {
    const sql = db.sql;
    await migrate(sql, await readMigrations(MIGRATIONS_DIR));
    const [u] = await sql`insert into users (email, password_hash, display_name)
      values ('a@example.com', 'x', 'A') returning id`;
    const [v] = await sql`insert into videos (owner_id, title, status, duration_s)
      values (${u.id}, 'v', 'ready', 10) returning id`;
    const today = utcDay(Date.now());
    await ensurePartitions(sql, today, { ahead: 2 });
    assert.deepEqual(await partitionDays(sql), [today, addDays(today, 1), addDays(today, 2)]);
    const sink = new PostgresEventSink(sql);
    const session = {
      id: crypto.randomUUID(),
      videoId: v.id,
      viewer: "abc",
      device: "desktop",
      browser: "Chrome",
      os: "Linux",
      source: "direct",
      region: "unknown",
    };
    const events = [
      { seq: 0, kind: "play" as const, at: Date.now(), pos: 0 },
      { seq: 1, kind: "progress" as const, at: Date.now(), from: 0, to: 10 },
      { seq: 2, kind: "complete" as const, at: Date.now(), pos: 10 },
    ];
    assert.deepEqual(await sink.append(session, events), { stored: 3, duplicates: 0, refused: 0 });
    assert.deepEqual(await sink.append(session, events), { stored: 0, duplicates: 3, refused: 0 });
    await rollupPending(sql);
    await rollupPending(sql);
    const [row] = await sql`select views, watch_s, completes, retention
      from analytics_video_daily where video_id = ${v.id}`;
    assert.equal(row.views, 1);
    assert.equal(row.watch_s, 10);
    assert.equal(row.completes, 1);
    assert.deepEqual(row.retention, Array(100).fill(1));
    assert.deepEqual(await dropPartitionsBefore(sql, addDays(today, 1)), [today]);
  } finally {
    await db.close();
    await Deno.remove(dir, { recursive: true });
  }
});
