import assert from "node:assert/strict";
import {
  cancelJobsForVideo,
  claimJob,
  completeJob,
  enqueueJob,
  failJob,
  getJob,
  jobForVideo,
  listDeadJobs,
  releaseJob,
  renewLease,
  requeueExpired,
} from "./ledger.ts";

async function withKv(fn: (kv: Deno.Kv, path: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "vf-kv-" });
  const kv = await Deno.openKv(`${dir}/kv.sqlite3`);
  try {
    await fn(kv, `${dir}/kv.sqlite3`);
  } finally {
    kv.close();
    await Deno.remove(dir, { recursive: true });
  }
}

const job = (videoId: string) => ({ kind: "transcode", videoId });

Deno.test("enqueueJob() keeps one job in flight per video", async () => {
  await withKv(async (kv) => {
    const a = await enqueueJob(kv, job("v1"));
    const b = await enqueueJob(kv, job("v1"));
    assert.equal(a.created, true);
    assert.deepEqual(b, { id: a.id, created: false });
    assert.equal(await jobForVideo(kv, "v1"), a.id);
  });
});

Deno.test("claimJob() takes ready jobs oldest first and skips delayed ones", async () => {
  await withKv(async (kv) => {
    const later = await enqueueJob(kv, job("late"), { delayMs: 60_000 });
    const first = await enqueueJob(kv, job("v1"));
    await new Promise((r) => setTimeout(r, 2));
    const second = await enqueueJob(kv, job("v2"));
    const c1 = await claimJob(kv, "w", { leaseMs: 1000 });
    const c2 = await claimJob(kv, "w", { leaseMs: 1000 });
    assert.equal(c1?.job.id, first.id);
    assert.equal(c2?.job.id, second.id);
    assert.equal(c1?.job.attempts, 1);
    assert.equal(await claimJob(kv, "w", { leaseMs: 1000 }), undefined);
    assert.equal((await getJob(kv, later.id))?.state, "ready");
  });
});

Deno.test("claimJob() from two KV handles on one file never hands out a job twice", async () => {
  await withKv(async (kv, path) => {
    const other = await Deno.openKv(path);
    try {
      for (let i = 0; i < 30; i++) await enqueueJob(kv, job(`v${i}`));
      const claimed: string[] = [];
      const drain = async (handle: Deno.Kv) => {
        for (;;) {
          const c = await claimJob(handle, "w", { leaseMs: 5000 });
          if (!c) return;
          claimed.push(c.job.id);
        }
      };
      await Promise.all([drain(kv), drain(other), drain(kv), drain(other)]);
      assert.equal(claimed.length, 30);
      assert.equal(new Set(claimed).size, 30);
    } finally {
      other.close();
    }
  });
});

Deno.test("failJob() backs off, then dead-letters after the last attempt", async () => {
  await withKv(async (kv) => {
    const { id } = await enqueueJob(kv, job("v1"), { maxAttempts: 2 });
    const c1 = (await claimJob(kv, "w", { leaseMs: 1000 }))!;
    const r1 = await failJob(kv, c1, { error: "boom", retryBaseMs: 50 });
    assert.equal(r1.outcome, "retry");
    assert.equal(await claimJob(kv, "w", { leaseMs: 1000 }), undefined, "not before the backoff");
    await new Promise((r) => setTimeout(r, 80));
    const c2 = (await claimJob(kv, "w", { leaseMs: 1000 }))!;
    assert.equal(c2.job.id, id);
    assert.equal(c2.job.attempts, 2);
    const r2 = await failJob(kv, c2, { error: "boom again", retryBaseMs: 50 });
    assert.equal(r2.outcome, "dead");
    assert.equal(await getJob(kv, id), undefined);
    const dead = await listDeadJobs(kv);
    assert.equal(dead.length, 1);
    assert.equal(dead[0].reason, "boom again");
    assert.equal(await jobForVideo(kv, "v1"), undefined);
  });
});

Deno.test("failJob() with a permanent error dead-letters at once", async () => {
  await withKv(async (kv) => {
    await enqueueJob(kv, job("v1"), { maxAttempts: 5 });
    const c = (await claimJob(kv, "w", { leaseMs: 1000 }))!;
    const r = await failJob(kv, c, { error: "not a video", permanent: true, retryBaseMs: 10 });
    assert.equal(r.outcome, "dead");
  });
});

Deno.test("requeueExpired() puts back a job whose lease expired; the old holder has lost it", async () => {
  await withKv(async (kv) => {
    const { id } = await enqueueJob(kv, job("v1"));
    const c1 = (await claimJob(kv, "dead-worker", { leaseMs: 30 }))!;
    assert.deepEqual(await requeueExpired(kv), { requeued: [], dead: [] });
    await new Promise((r) => setTimeout(r, 50));
    const { requeued } = await requeueExpired(kv);
    assert.deepEqual(requeued, [id]);
    const c2 = (await claimJob(kv, "w2", { leaseMs: 1000 }))!;
    assert.equal(c2.job.id, id);
    assert.equal(c2.job.attempts, 2);
    assert.equal(await renewLease(kv, c1, { leaseMs: 1000 }), "lost");
    assert.equal(await completeJob(kv, c1), false);
    assert.equal(await renewLease(kv, c2, { leaseMs: 1000 }), "ok");
    assert.equal(await completeJob(kv, c2), true);
    assert.equal(await getJob(kv, id), undefined);
  });
});

Deno.test("requeueExpired() dead-letters a job whose worker died on its last attempt", async () => {
  await withKv(async (kv) => {
    await enqueueJob(kv, job("v1"), { maxAttempts: 1 });
    await claimJob(kv, "w", { leaseMs: 10 });
    await new Promise((r) => setTimeout(r, 30));
    const { dead } = await requeueExpired(kv);
    assert.equal(dead.length, 1);
    assert.match(dead[0].reason, /stopped responding/);
  });
});

Deno.test("releaseJob() returns the job without spending an attempt", async () => {
  await withKv(async (kv) => {
    await enqueueJob(kv, job("v1"));
    const c1 = (await claimJob(kv, "w", { leaseMs: 1000 }))!;
    assert.equal(await releaseJob(kv, c1), true);
    const c2 = (await claimJob(kv, "w", { leaseMs: 1000 }))!;
    assert.equal(c2.job.attempts, 1);
  });
});

Deno.test("cancelJobsForVideo() removes ready jobs and flags held ones", async () => {
  await withKv(async (kv) => {
    const held = await enqueueJob(kv, job("v1"));
    const c = (await claimJob(kv, "w", { leaseMs: 1000 }))!;
    assert.deepEqual(await cancelJobsForVideo(kv, "v1"), [held.id]);
    assert.equal(await renewLease(kv, c, { leaseMs: 1000 }), "cancelled");
    const fresh = await enqueueJob(kv, job("v1"));
    assert.equal(fresh.created, true, "a new job may be queued once the old one is cancelled");
    assert.deepEqual(await cancelJobsForVideo(kv, "v1"), [fresh.id]);
    assert.equal(await getJob(kv, fresh.id), undefined);
    assert.equal(await claimJob(kv, "w", { leaseMs: 1000 }), undefined);
  });
});
