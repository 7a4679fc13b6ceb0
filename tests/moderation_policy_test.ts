/**
 * Where processing ends under each policy, through the code the worker calls
 * (markJobStarted/markReady) against a real database: moderation off
 * publishes, pre holds for review, trusted creators skip it, and switching the
 * instance policy neither hides what is out nor releases what waits.
 */
import assert from "node:assert/strict";
import { migrate, MIGRATIONS_DIR, readMigrations } from "../lib/db/migrate.ts";
import type { Sql } from "../lib/db/mod.ts";
import { ensureInstanceSettings, readInstanceSettings } from "../lib/moderation/settings.ts";
import { findVisibleVideo, publicListedSql } from "../lib/videos/access.ts";
import { markJobStarted, markReady, publishMaster } from "../lib/videos/processing.ts";
import { freshDatabase } from "./_harness/db.ts";

async function withDb(fn: (sql: Sql) => Promise<void>) {
  const db = await freshDatabase();
  try {
    await migrate(db.sql, await readMigrations(MIGRATIONS_DIR));
    await fn(db.sql);
  } finally {
    await db.drop();
  }
}

async function user(sql: Sql, options: { trusted?: boolean } = {}): Promise<string> {
  const [u] = await sql`insert into users (email, password_hash, display_name, trusted)
    values (${`${crypto.randomUUID()}@example.test`}, 'x', 'U', ${options.trusted ?? false})
    returning id`;
  return u.id;
}

/** A public video taken through processing as the worker does; returns its id and status. */
async function processed(sql: Sql, ownerId: string): Promise<{ id: string; status: string }> {
  const [v] = await sql`insert into videos (owner_id, title, status, visibility, source_key)
    values (${ownerId}, 't', 'uploaded', 'public', 'k') returning id`;
  assert.equal(await markJobStarted(sql, { videoId: v.id }), true);
  await publishMaster(sql, v.id, { masterKey: `m/${v.id}`, renditions: [] });
  await markReady(sql, { videoId: v.id, jobId: crypto.randomUUID() }, {});
  const [row] = await sql`select status from videos where id = ${v.id}`;
  return { id: v.id, status: row.status };
}

async function listed(sql: Sql): Promise<string[]> {
  return (await sql`select v.id from videos v where ${publicListedSql(sql)}`).map((r) => r.id);
}

Deno.test("the MODERATION value seeds the settings once; an admin's change survives a restart", async () => {
  await withDb(async (sql) => {
    assert.deepEqual(await readInstanceSettings(sql), { moderation: "off", registration: "open" });
    await ensureInstanceSettings(sql, { moderation: "pre", registration: "invite" });
    assert.deepEqual(await readInstanceSettings(sql), {
      moderation: "pre",
      registration: "invite",
    });
    await sql`update instance_settings set moderation = 'off'`;
    await ensureInstanceSettings(sql, { moderation: "pre", registration: "invite" });
    assert.equal((await readInstanceSettings(sql)).moderation, "off");
  });
});

Deno.test("moderation off: a processed video is ready and listed at once", async () => {
  await withDb(async (sql) => {
    const v = await processed(sql, await user(sql));
    assert.equal(v.status, "ready");
    assert.deepEqual(await listed(sql), [v.id]);
  });
});

Deno.test("pre-moderation: held in review, unlisted and hidden even while still processing", async () => {
  await withDb(async (sql) => {
    await ensureInstanceSettings(sql, { moderation: "pre", registration: "open" });
    const owner = await user(sql);
    const [v] = await sql`insert into videos (owner_id, title, status, visibility, source_key)
      values (${owner}, 't', 'uploaded', 'public', 'k') returning id`;
    await markJobStarted(sql, { videoId: v.id });
    // Playable from its first rendition, still processing: not listed, not visible.
    await publishMaster(sql, v.id, { masterKey: `m/${v.id}`, renditions: [] });
    assert.deepEqual(await listed(sql), []);
    await assert.rejects(findVisibleVideo(sql, { videoId: v.id, viewer: undefined }));
    const moderator = { id: crypto.randomUUID(), role: "moderator" as const };
    assert.equal((await findVisibleVideo(sql, { videoId: v.id, viewer: moderator })).id, v.id);
    await markReady(sql, { videoId: v.id, jobId: crypto.randomUUID() }, {});
    const [row] = await sql`select status from videos where id = ${v.id}`;
    assert.equal(row.status, "in_review");
    assert.deepEqual(await listed(sql), []);
  });
});

Deno.test("pre-moderation: a trusted creator's video skips review", async () => {
  await withDb(async (sql) => {
    await ensureInstanceSettings(sql, { moderation: "pre", registration: "open" });
    const v = await processed(sql, await user(sql, { trusted: true }));
    assert.equal(v.status, "ready");
    assert.deepEqual(await listed(sql), [v.id]);
  });
});

Deno.test("switching the policy neither hides what is out nor releases what waits", async () => {
  await withDb(async (sql) => {
    const owner = await user(sql);
    const out = await processed(sql, owner);
    await ensureInstanceSettings(sql, { moderation: "pre", registration: "open" });
    const waiting = await processed(sql, owner);
    assert.equal(waiting.status, "in_review");
    assert.deepEqual(await listed(sql), [out.id]);
    await sql`update instance_settings set moderation = 'off'`;
    assert.deepEqual(await listed(sql), [out.id]);
    const [row] = await sql`select status from videos where id = ${waiting.id}`;
    assert.equal(row.status, "in_review");
  });
});
