import assert from "node:assert/strict";
import { claimJob, enqueueJob, getJob, listDeadJobs } from "./ledger.ts";
import { type JobContext, startRunner } from "./runner.ts";
import { ValidationError } from "../errors.ts";

async function withKv(fn: (kv: Deno.Kv) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "vf-runner-" });
  const kv = await Deno.openKv(`${dir}/kv.sqlite3`);
  try {
    await fn(kv);
  } finally {
    kv.close();
    await Deno.remove(dir, { recursive: true });
  }
}

const base = { workerId: "w", concurrency: 1, pollMs: 20, leaseMs: 300, retryBaseMs: 10 };

Deno.test("startRunner().stop() aborts a running job and releases it without spending an attempt", async () => {
  await withKv(async (kv) => {
    let started: (ctx: JobContext) => void;
    const running = new Promise<JobContext>((r) => started = r);
    const runner = startRunner(kv, {
      ...base,
      handlers: {
        t: (ctx) =>
          new Promise((_, reject) => {
            started(ctx);
            ctx.signal.addEventListener("abort", () => reject(ctx.signal.reason));
          }),
      },
    });
    const { id } = await enqueueJob(kv, { kind: "t", videoId: "v" });
    const ctx = await running;
    await runner.stop();
    assert.equal(ctx.signal.aborted, true);
    const job = await getJob(kv, id);
    assert.deepEqual([job?.state, job?.attempts], ["ready", 0]);
    assert.equal((await claimJob(kv, "other", { leaseMs: 100 }))?.job.id, id);
  });
});

Deno.test("startRunner() retries failures and dead-letters after the last attempt, calling onDead once", async () => {
  await withKv(async (kv) => {
    let calls = 0;
    const dead: string[] = [];
    const runner = startRunner(kv, {
      ...base,
      maxAttempts: 3,
      handlers: {
        t: () => {
          calls++;
          return Promise.reject(new Error(`flaky ${calls}`));
        },
        p: () => Promise.reject(new ValidationError("not a video")),
      },
      onDead: (d) => {
        dead.push(d.reason);
        return Promise.resolve();
      },
    });
    try {
      await enqueueJob(kv, { kind: "t", videoId: "v1" });
      await enqueueJob(kv, { kind: "p", videoId: "v2" });
      for (let i = 0; i < 200 && dead.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
      assert.equal(calls, 3);
      assert.deepEqual(dead.sort(), ["flaky 3", "not a video"]);
      assert.equal((await listDeadJobs(kv)).length, 2);
    } finally {
      await runner.stop();
    }
  });
});
