/** The video lifecycle against a real database: one set of states, guarded transitions. */
import assert from "node:assert/strict";
import { migrate, MIGRATIONS_DIR, readMigrations } from "../lib/db/migrate.ts";
import { ConflictError, NotFoundError } from "../lib/errors.ts";
import { canTransition, STATE, transition, VIDEO_STATES } from "../lib/videos/lifecycle.ts";
import { markFailed, markJobStarted, markReady } from "../lib/videos/processing.ts";
import { freshDatabase } from "./_harness/db.ts";

async function withVideo(
  fn: (sql: Awaited<ReturnType<typeof freshDatabase>>["sql"], id: string) => Promise<void>,
) {
  const db = await freshDatabase();
  try {
    await migrate(db.sql, await readMigrations(MIGRATIONS_DIR));
    const [u] = await db.sql`insert into users (email, password_hash, display_name)
      values ('a@example.com', 'x', 'A') returning id`;
    const [v] = await db.sql`insert into videos (owner_id) values (${u.id}) returning id`;
    await fn(db.sql, v.id);
  } finally {
    await db.drop();
  }
}

async function statusOf(sql: Awaited<ReturnType<typeof freshDatabase>>["sql"], id: string) {
  const [v] = await sql`select status from videos where id = ${id}`;
  return v.status;
}

Deno.test("the database accepts exactly the lifecycle's states", async () => {
  await withVideo(async (sql, id) => {
    for (const state of VIDEO_STATES) {
      await sql`update videos set status = ${state} where id = ${id}`;
    }
    await assert.rejects(() => sql`update videos set status = 'deleted' where id = ${id}`, /check/);
  });
});

Deno.test("transition() applies allowed moves, refuses illegal ones and names both states", async () => {
  await withVideo(async (sql, id) => {
    assert.equal(await transition(sql, id, { to: "uploaded" }), "uploading");
    await assert.rejects(() => transition(sql, id, { to: "published" }), (err) => {
      assert.ok(err instanceof ConflictError);
      assert.deepEqual(err.details, { from: "uploaded", to: "published" });
      return true;
    });
    assert.equal(await transition(sql, id, { to: "published", ifAllowed: true }), undefined);
    await transition(sql, id, { to: "processing" });
    await transition(sql, id, { to: "ready" });
    // `from` narrows what is allowed: a publish only from review does not apply to `ready`.
    assert.equal(
      await transition(sql, id, { to: "published", from: ["in_review"], ifAllowed: true }),
      undefined,
    );
    assert.equal(await transition(sql, id, { to: "published" }), "ready");
    const [v] = await sql`select status, published_at from videos where id = ${id}`;
    assert.equal(v.status, "published");
    assert.ok(v.published_at instanceof Date);
    await assert.rejects(
      () => transition(sql, crypto.randomUUID(), { to: "ready" }),
      NotFoundError,
    );
  });
});

Deno.test("two racing transitions from one state: exactly one applies", async () => {
  await withVideo(async (sql, id) => {
    await sql`update videos set status = 'in_review' where id = ${id}`;
    const results = await Promise.allSettled([
      transition(sql, id, { to: "published", from: ["in_review"] }),
      transition(sql, id, { to: "rejected", from: ["in_review"] }),
    ]);
    assert.equal(results.filter((r) => r.status === "fulfilled").length, 1);
    assert.equal(results.filter((r) => r.status === "rejected").length, 1);
  });
});

Deno.test("every state can be left, and nothing reaches uploading again", () => {
  for (const s of VIDEO_STATES) {
    assert.ok(VIDEO_STATES.some((t) => canTransition(s, t)), s);
    assert.equal(canTransition(s, "uploading"), false, s);
  }
});

Deno.test("ifAllowed forgives a state that does not apply, never a missing video", async () => {
  await withVideo(async (sql) => {
    await assert.rejects(
      () => transition(sql, crypto.randomUUID(), { to: STATE.ready, ifAllowed: true }),
      NotFoundError,
    );
  });
});

Deno.test("a transcode moves a ready video through processing back to ready, and keeps a published one", async () => {
  await withVideo(async (sql, id) => {
    const job = { videoId: id, jobId: crypto.randomUUID() };
    await transition(sql, id, { to: STATE.uploaded });
    assert.equal(await markJobStarted(sql, { videoId: id }), true);
    assert.equal(await statusOf(sql, id), STATE.processing);
    assert.equal(await markReady(sql, job, { posterKey: "media/x/poster.jpg" }), true);
    assert.equal(await statusOf(sql, id), STATE.ready);
    const [v] = await sql`select poster_key, processed_at from videos where id = ${id}`;
    assert.equal(v.poster_key, "media/x/poster.jpg");
    assert.ok(v.processed_at instanceof Date);

    await transition(sql, id, { to: STATE.published });
    assert.equal(await markJobStarted(sql, { videoId: id }), true);
    assert.equal(await statusOf(sql, id), STATE.published);
    await markFailed(sql, id, "The run failed.");
    assert.equal(await statusOf(sql, id), STATE.published);
    assert.equal(await markReady(sql, job, {}), true);
    assert.equal(await statusOf(sql, id), STATE.published);

    await sql`delete from videos where id = ${id}`;
    assert.equal(await markJobStarted(sql, { videoId: id }), false);
    assert.equal(await markReady(sql, job, {}), false);
    await markFailed(sql, id, "gone"); // a deleted video is left alone, not an error
  });
});

Deno.test("a failed run records its reason; a re-run clears it", async () => {
  await withVideo(async (sql, id) => {
    await transition(sql, id, { to: STATE.uploaded });
    await markJobStarted(sql, { videoId: id });
    await markFailed(sql, id, "Not a video.");
    const [v] = await sql`select status, status_reason from videos where id = ${id}`;
    assert.deepEqual([v.status, v.status_reason], [STATE.failed, "Not a video."]);
    assert.equal(await markJobStarted(sql, { videoId: id }), true);
    const [w] = await sql`select status, status_reason from videos where id = ${id}`;
    assert.deepEqual([w.status, w.status_reason], [STATE.processing, null]);
  });
});
