import assert from "node:assert/strict";
import { z } from "zod";
import { loadConfig } from "../config.ts";
import { ValidationError } from "../errors.ts";
import { type AnyJobDefinition, defineJob, type JobContext } from "./define.ts";
import { getJob, listDeadJobs } from "./read.ts";
import { type RunnerOptions, startRunner } from "./runner.ts";
import { withDb } from "./_test_db.ts";

// A lease long enough that a loaded machine's stalls do not get a running job reaped.
const base = { workerId: "w", concurrency: 1, pollMs: 20, leaseMs: 2000, retryBaseMs: 10 };

/** A job kind whose handler blocks until the test releases it (or its signal aborts). */
function gatedKind(kind = "t") {
  const started: string[] = [];
  const gates = new Map<string, () => void>();
  const waiters: (() => void)[] = [];
  const def = defineJob({
    kind,
    payload: z.object({ name: z.string() }),
    handler: (ctx: JobContext<{ name: string }>) =>
      new Promise<void>((resolve, reject) => {
        started.push(ctx.payload.name);
        gates.set(ctx.payload.name, resolve);
        ctx.signal.addEventListener("abort", () => reject(ctx.signal.reason));
        waiters.splice(0).forEach((w) => w());
      }),
  });
  return {
    def,
    started,
    running: () => [...gates.keys()],
    finish(name: string) {
      gates.get(name)!();
      gates.delete(name);
    },
    async waitStarted(n: number) {
      for (let i = 0; i < 1500 && started.length < n; i++) {
        await new Promise((r) => setTimeout(r, 10));
      }
      assert.ok(started.length >= n, `${started.length} of ${n} jobs started`);
    },
  };
}

function run(sql: Parameters<typeof startRunner>[0], jobs: AnyJobDefinition[], more = {}) {
  return startRunner(sql, { ...base, jobs, ...more } as RunnerOptions);
}

Deno.test("startRunner().stop() aborts a running job and releases it without spending an attempt", async () => {
  await withDb(async (sql) => {
    const k = gatedKind();
    const runner = run(sql, [k.def]);
    const { id } = await k.def.enqueue(sql, { name: "a" });
    await k.waitStarted(1);
    await runner.stop();
    const job = await getJob(sql, id);
    assert.deepEqual([job?.state, job?.attempts], ["ready", 0]);
  });
});

Deno.test("startRunner() retries failures and dead-letters after the last attempt, calling onDead once", async () => {
  await withDb(async (sql) => {
    let calls = 0;
    const dead: string[] = [];
    const flaky = defineJob({
      kind: "t",
      payload: z.object({}),
      handler: () => Promise.reject(new Error(`flaky ${++calls}`)),
    });
    const permanent = defineJob({
      kind: "p",
      payload: z.object({}),
      handler: () => Promise.reject(new ValidationError("not a video")),
    });
    const runner = run(sql, [flaky, permanent], {
      maxAttempts: 3,
      onDead: (d: { reason: string }) => {
        dead.push(d.reason);
        return Promise.resolve();
      },
    });
    try {
      await flaky.enqueue(sql, {});
      await permanent.enqueue(sql, {});
      for (let i = 0; i < 500 && dead.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
      assert.equal(calls, 3);
      assert.deepEqual(dead.sort(), ["flaky 3", "not a video"]);
      assert.equal((await listDeadJobs(sql)).length, 2);
    } finally {
      await runner.stop();
    }
  });
});

Deno.test("a kind refuses a payload that does not match its schema", async () => {
  await withDb(async (sql) => {
    const k = gatedKind();
    await assert.rejects(k.def.enqueue(sql, { name: 5 } as never), ValidationError);
  });
});

Deno.test("fairness: one owner's backlog of long jobs does not hold back another owner's short job", async () => {
  await withDb(async (sql) => {
    const k = gatedKind();
    for (let i = 1; i <= 5; i++) {
      await k.def.enqueue(sql, { name: `A${i}` }, { ownerId: "A", cost: 1e12 });
    }
    await k.def.enqueue(sql, { name: "B1" }, { ownerId: "B", cost: 1e6 });
    const runner = run(sql, [k.def], { shortCost: 1e9, ownerLimit: 5 });
    try {
      await k.waitStarted(1);
      k.finish(k.started[0]);
      await k.waitStarted(2);
      assert.deepEqual(k.started, ["A1", "B1"]);
    } finally {
      await runner.stop();
    }
  });
});

Deno.test("fairness: among equal jobs the owner served longest ago goes first", async () => {
  await withDb(async (sql) => {
    const k = gatedKind();
    for (let i = 1; i <= 3; i++) await k.def.enqueue(sql, { name: `A${i}` }, { ownerId: "A" });
    await k.def.enqueue(sql, { name: "B1" }, { ownerId: "B" });
    const runner = run(sql, [k.def], { ownerLimit: 5 });
    try {
      for (let n = 1; n <= 4; n++) {
        await k.waitStarted(n);
        k.finish(k.started[n - 1]);
      }
      assert.deepEqual(k.started, ["A1", "B1", "A2", "A3"]);
    } finally {
      await runner.stop();
    }
  });
});

Deno.test("per-owner concurrency: an owner never has more than its limit running", async () => {
  await withDb(async (sql) => {
    const k = gatedKind();
    for (let i = 1; i <= 4; i++) await k.def.enqueue(sql, { name: `A${i}` }, { ownerId: "A" });
    await k.def.enqueue(sql, { name: "B1" }, { ownerId: "B" });
    const runner = run(sql, [k.def], { concurrency: 4, ownerLimit: 2 });
    try {
      await k.waitStarted(3);
      // Give the runner a few more polls in which it could wrongly take a third A job.
      await new Promise((r) => setTimeout(r, 150));
      assert.deepEqual(k.running().sort(), ["A1", "A2", "B1"]);
      k.finish("A1");
      await k.waitStarted(4);
      assert.deepEqual(k.running().sort(), ["A2", "A3", "B1"]);
    } finally {
      await runner.stop();
    }
  });
});

Deno.test("lanes: long jobs take the general slots; one more is kept for short jobs", async () => {
  await withDb(async (sql) => {
    const k = gatedKind();
    for (const o of ["A", "C", "D"]) {
      await k.def.enqueue(sql, { name: `${o}-long` }, { ownerId: o, cost: 1e12 });
    }
    const runner = run(sql, [k.def], { concurrency: 2, shortCost: 1e9, ownerLimit: 5 });
    try {
      await k.waitStarted(2);
      await new Promise((r) => setTimeout(r, 150));
      assert.equal(k.running().length, 2, "a third long job would take the short lane's slot");
      await k.def.enqueue(sql, { name: "B-short" }, { ownerId: "B", cost: 1e6 });
      await k.waitStarted(3);
      assert.equal(k.started[2], "B-short");
    } finally {
      await runner.stop();
    }
  });
});

Deno.test("lanes: with the default configuration a short job runs and finishes while a long one runs", async () => {
  await withDb(async (sql) => {
    const { worker, jobs } = loadConfig({});
    const k = gatedKind();
    const { id: longId } = await k.def.enqueue(sql, { name: "A-long" }, {
      ownerId: "A",
      cost: jobs.shortLanePixels * 100,
    });
    const runner = run(sql, [k.def], {
      concurrency: worker.concurrency,
      shortCost: jobs.shortLanePixels,
      ownerLimit: jobs.ownerConcurrency,
    });
    try {
      await k.waitStarted(1);
      const { id: shortId } = await k.def.enqueue(sql, { name: "B-short" }, {
        ownerId: "B",
        cost: jobs.shortLanePixels / 100,
      });
      await k.waitStarted(2);
      assert.deepEqual(k.running(), ["A-long", "B-short"]);
      k.finish("B-short");
      for (let i = 0; i < 500 && (await getJob(sql, shortId))?.state !== "succeeded"; i++) {
        await new Promise((r) => setTimeout(r, 10));
      }
      assert.equal((await getJob(sql, shortId))?.state, "succeeded");
      assert.equal((await getJob(sql, longId))?.state, "running");
    } finally {
      await runner.stop();
    }
  });
});

Deno.test("per-kind concurrency limits running jobs of a kind across runners", async () => {
  await withDb(async (sql) => {
    const k = gatedKind("solo");
    const solo = { ...k.def, concurrency: 1 };
    for (let i = 1; i <= 3; i++) await solo.enqueue(sql, { name: `S${i}` }, { ownerId: `o${i}` });
    const runners = [run(sql, [solo], { concurrency: 2 }), run(sql, [solo], { concurrency: 2 })];
    try {
      await k.waitStarted(1);
      await new Promise((r) => setTimeout(r, 150));
      assert.equal(k.running().length, 1);
    } finally {
      await Promise.all(runners.map((r) => r.stop()));
    }
  });
});

Deno.test("a job over its time limit is aborted and dead-lettered with the reason", async () => {
  await withDb(async (sql) => {
    const k = gatedKind();
    const runner = run(sql, [k.def]);
    try {
      const { id } = await k.def.enqueue(sql, { name: "slow" }, { timeLimitMs: 100 });
      for (let i = 0; i < 500 && (await getJob(sql, id))?.state !== "dead"; i++) {
        await new Promise((r) => setTimeout(r, 20));
      }
      const job = await getJob(sql, id);
      assert.equal(job?.state, "dead");
      assert.match(job?.error ?? "", /longer than its 0.1 s limit/);
      assert.equal(job?.attempts, 1, "a time limit is not retried");
    } finally {
      await runner.stop();
    }
  });
});

Deno.test("a job scheduled for later runs only once its time has come", async () => {
  await withDb(async (sql) => {
    const k = gatedKind();
    const runAt = new Date(Date.now() + 400);
    const { id } = await k.def.enqueue(sql, { name: "later" }, { runAt });
    const runner = run(sql, [k.def]);
    try {
      await k.waitStarted(1);
      const job = await getJob(sql, id);
      assert.ok(job!.startedAt! >= job!.runAt, "started at or after its runAt");
    } finally {
      await runner.stop();
    }
  });
});

Deno.test("a kind with a higher priority runs before older jobs of a lower one", async () => {
  await withDb(async (sql) => {
    const order: string[] = [];
    const handler = (ctx: JobContext) => {
      order.push(ctx.job.kind);
      return Promise.resolve();
    };
    const low = defineJob({ kind: "low", payload: z.object({}), handler });
    const high = defineJob({ kind: "high", payload: z.object({}), priority: 5, handler });
    for (let i = 0; i < 3; i++) await low.enqueue(sql, {});
    await high.enqueue(sql, {});
    const runner = run(sql, [low, high]);
    try {
      for (let i = 0; i < 1000 && order.length < 4; i++) {
        await new Promise((r) => setTimeout(r, 10));
      }
      assert.deepEqual(order, ["high", "low", "low", "low"]);
    } finally {
      await runner.stop();
    }
  });
});
