import assert from "node:assert/strict";
import {
  cancelJobsForVideo,
  completeJob,
  enqueueJob,
  failJob,
  releaseJob,
  renewLease,
  requeueExpired,
} from "./ledger.ts";
import { getJob, jobForVideo, listDeadJobs } from "./read.ts";
import { claimJob } from "./claim.ts";
import { pruneFinishedJobs } from "./prune.ts";
import { insertVideo, withDb } from "./_test_db.ts";

const job = (videoId: string, more: { maxAttempts?: number; runAt?: Date } = {}) => ({
  kind: "transcode",
  payload: { videoId },
  videoId,
  dedupeKey: `transcode:${videoId}`,
  ...more,
});
const claimAny = { leaseMs: 1000, kinds: ["transcode"] };

Deno.test("enqueueJob() keeps one job in flight per dedupe key", async () => {
  await withDb(async (sql) => {
    const v = await insertVideo(sql);
    const a = await enqueueJob(sql, job(v));
    const b = await enqueueJob(sql, job(v));
    assert.equal(a.created, true);
    assert.deepEqual(b, { id: a.id, created: false });
    assert.equal(await jobForVideo(sql, v), a.id);
  });
});

Deno.test("claimJob() takes ready jobs oldest first and skips delayed ones", async () => {
  await withDb(async (sql) => {
    const [v0, v1, v2] = [await insertVideo(sql), await insertVideo(sql), await insertVideo(sql)];
    const later = await enqueueJob(sql, job(v0, { runAt: new Date(Date.now() + 60_000) }));
    const first = await enqueueJob(sql, { ...job(v1), ownerId: "o" });
    await new Promise((r) => setTimeout(r, 2));
    const second = await enqueueJob(sql, { ...job(v2), ownerId: "o" });
    const c1 = await claimJob(sql, "w", claimAny);
    const c2 = await claimJob(sql, "w", claimAny);
    assert.equal(c1?.job.id, first.id);
    assert.equal(c2?.job.id, second.id);
    assert.equal(c1?.job.attempts, 1);
    assert.equal(await claimJob(sql, "w", claimAny), undefined);
    assert.equal((await getJob(sql, later.id))?.state, "ready");
  });
});

Deno.test("claimJob() from several connections at once never hands out a job twice", async () => {
  await withDb(async (sql) => {
    for (let i = 0; i < 30; i++) {
      await enqueueJob(sql, { kind: "t", payload: {}, ownerId: `o${i}` });
    }
    const claimed: string[] = [];
    const drain = async () => {
      for (;;) {
        const c = await claimJob(sql, "w", { leaseMs: 5000, kinds: ["t"] });
        if (!c) return;
        claimed.push(c.job.id);
      }
    };
    await Promise.all([drain(), drain(), drain(), drain()]);
    assert.equal(claimed.length, 30);
    assert.equal(new Set(claimed).size, 30);
  });
});

Deno.test("failJob() backs off, then dead-letters after the last attempt", async () => {
  await withDb(async (sql) => {
    const v = await insertVideo(sql);
    const { id } = await enqueueJob(sql, job(v, { maxAttempts: 2 }));
    const c1 = (await claimJob(sql, "w", claimAny))!;
    const r1 = await failJob(sql, c1, { error: "boom", retryBaseMs: 200 });
    assert.equal(r1.outcome, "retry");
    assert.equal(await claimJob(sql, "w", claimAny), undefined, "not before the backoff");
    await new Promise((r) => setTimeout(r, 260));
    const c2 = (await claimJob(sql, "w", claimAny))!;
    assert.equal(c2.job.id, id);
    assert.equal(c2.job.attempts, 2);
    const r2 = await failJob(sql, c2, { error: "boom again", retryBaseMs: 50 });
    assert.equal(r2.outcome, "dead");
    assert.equal((await getJob(sql, id))?.state, "dead");
    const dead = await listDeadJobs(sql);
    assert.equal(dead.length, 1);
    assert.equal(dead[0].reason, "boom again");
    assert.equal(await jobForVideo(sql, v), undefined);
  });
});

Deno.test("failJob() with a permanent error dead-letters at once", async () => {
  await withDb(async (sql) => {
    await enqueueJob(sql, job(await insertVideo(sql), { maxAttempts: 5 }));
    const c = (await claimJob(sql, "w", claimAny))!;
    const r = await failJob(sql, c, { error: "not a video", permanent: true, retryBaseMs: 10 });
    assert.equal(r.outcome, "dead");
  });
});

Deno.test("requeueExpired() puts back a job whose lease expired; the old holder has lost it", async () => {
  await withDb(async (sql) => {
    const { id } = await enqueueJob(sql, job(await insertVideo(sql)));
    const c1 = (await claimJob(sql, "dead-worker", { ...claimAny, leaseMs: 500 }))!;
    assert.deepEqual(await requeueExpired(sql), { requeued: [], dead: [] });
    await new Promise((r) => setTimeout(r, 600));
    const { requeued } = await requeueExpired(sql);
    assert.deepEqual(requeued, [id]);
    const c2 = (await claimJob(sql, "w2", claimAny))!;
    assert.equal(c2.job.id, id);
    assert.equal(c2.job.attempts, 2);
    assert.equal(await renewLease(sql, c1, { leaseMs: 1000 }), "lost");
    assert.equal(await completeJob(sql, c1), false);
    assert.equal(await renewLease(sql, c2, { leaseMs: 1000 }), "ok");
    assert.equal(await completeJob(sql, c2), true);
    assert.equal((await getJob(sql, id))?.state, "succeeded");
  });
});

Deno.test("requeueExpired() dead-letters a job whose worker died on its last attempt", async () => {
  await withDb(async (sql) => {
    await enqueueJob(sql, job(await insertVideo(sql), { maxAttempts: 1 }));
    await claimJob(sql, "w", { ...claimAny, leaseMs: 10 });
    await new Promise((r) => setTimeout(r, 40));
    const { dead } = await requeueExpired(sql);
    assert.equal(dead.length, 1);
    assert.match(dead[0].reason, /stopped responding/);
  });
});

Deno.test("releaseJob() returns the job without spending an attempt", async () => {
  await withDb(async (sql) => {
    await enqueueJob(sql, job(await insertVideo(sql)));
    const c1 = (await claimJob(sql, "w", claimAny))!;
    assert.equal(await releaseJob(sql, c1), true);
    const c2 = (await claimJob(sql, "w", claimAny))!;
    assert.equal(c2.job.attempts, 1);
  });
});

Deno.test("cancelJobsForVideo() cancels ready jobs and flags running ones", async () => {
  await withDb(async (sql) => {
    const v = await insertVideo(sql);
    const held = await enqueueJob(sql, job(v));
    const c = (await claimJob(sql, "w", claimAny))!;
    assert.deepEqual(await cancelJobsForVideo(sql, v), [held.id]);
    assert.equal(await renewLease(sql, c, { leaseMs: 1000 }), "cancelled");
    const fresh = await enqueueJob(sql, job(v));
    assert.equal(fresh.created, true, "a new job may be queued once the old one is cancelled");
    assert.deepEqual(await cancelJobsForVideo(sql, v), [fresh.id]);
    assert.equal((await getJob(sql, fresh.id))?.state, "cancelled");
    assert.equal(await claimJob(sql, "w", claimAny), undefined);
  });
});

Deno.test("pruneFinishedJobs() removes old succeeded and cancelled jobs, keeping dead letters and recent ones", async () => {
  await withDb(async (sql) => {
    const ids: Record<string, string> = {};
    for (const name of ["oldOk", "oldCancelled", "oldDead", "recentOk", "ready"]) {
      ids[name] = (await enqueueJob(sql, { kind: "t", payload: {} })).id;
    }
    await sql`update jobs set state = 'succeeded', finished_at = now() - interval '40 days'
      where id = ${ids.oldOk}`;
    await sql`update jobs set state = 'cancelled', finished_at = now() - interval '40 days'
      where id = ${ids.oldCancelled}`;
    await sql`update jobs set state = 'dead', finished_at = now() - interval '40 days'
      where id = ${ids.oldDead}`;
    await sql`update jobs set state = 'succeeded', finished_at = now() - interval '1 day'
      where id = ${ids.recentOk}`;
    assert.equal(await pruneFinishedJobs(sql, { olderThanMs: 30 * 86_400_000 }), 2);
    const left = await sql<{ id: string }[]>`select id from jobs`;
    assert.deepEqual(
      left.map((r) => r.id).sort(),
      [ids.oldDead, ids.recentOk, ids.ready].sort(),
    );
  });
});
