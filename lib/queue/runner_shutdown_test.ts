import assert from "node:assert/strict";
import { z } from "zod";
import { defineJob } from "./define.ts";
import { getJob } from "./read.ts";
import { startRunnerOn } from "./runner.ts";
import { sqlLedger } from "./sql_ledger.ts";
import { withDb } from "./_test_db.ts";

// stop() once returned while a claim that was in flight when it began went on to start
// its job: the job outlived the runner, its writes met a closed database, and the
// rejection went unhandled (CI: "write CONNECTION_ENDED" from a test's dangling promise).
Deno.test("stop() during a claim in flight: the claimed job is released before stop() resolves", async () => {
  await withDb(async (sql) => {
    const ledger = sqlLedger(sql);
    let claimStarted!: () => void;
    const claiming = new Promise<void>((r) => claimStarted = r);
    let stopCalled!: () => void;
    const stopping = new Promise<void>((r) => stopCalled = r);
    const slowLedger = {
      ...ledger,
      // The real claim, held until stop() has begun: the race, made certain.
      claim: async (...args: Parameters<typeof ledger.claim>) => {
        claimStarted();
        await stopping;
        return await ledger.claim(...args);
      },
    };
    let handlerRan = false;
    let handlerSawAbort = false;
    const job = defineJob({
      kind: "t",
      payload: z.object({}),
      handler: (ctx) =>
        new Promise<void>((resolve, reject) => {
          handlerRan = true;
          if (ctx.signal.aborted) {
            handlerSawAbort = true;
            return reject(ctx.signal.reason);
          }
          ctx.signal.addEventListener("abort", () => {
            handlerSawAbort = true;
            reject(ctx.signal.reason);
          });
          setTimeout(resolve, 2000);
        }),
    });
    const { id } = await job.enqueue(sql, {});
    const runner = startRunnerOn(slowLedger, {
      workerId: "w",
      concurrency: 1,
      pollMs: 20,
      leaseMs: 2000,
      retryBaseMs: 10,
      jobs: [job],
    });
    await claiming;
    const stopped = runner.stop();
    stopCalled();
    await stopped;
    assert.equal(runner.active(), 0, "no job outlives stop()");
    const row = await getJob(sql, id);
    assert.deepEqual([row?.state, row?.attempts], ["ready", 0], "released, no attempt spent");
    assert.ok(!handlerRan || handlerSawAbort, "a job claimed after stop() is not left running");
  });
});
