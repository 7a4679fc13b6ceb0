/** The admin job API: the queue view, cancelling a running job, retrying a dead one. */
import assert from "node:assert/strict";
import { z } from "zod";
import { createApp } from "../app.ts";
import { ValidationError } from "../lib/errors.ts";
import { defineJob, getJob, JobAbort, setProgress, startRunner } from "../lib/queue/mod.ts";
import { enqueueTranscode } from "../lib/videos/transcode_job.ts";
import { getProcessingStatus } from "../lib/videos/processing.ts";
import { GOOD_PASSWORD, TestClient, testEmail } from "./_harness/client.ts";
import { openTestServices } from "./_harness/services.ts";
import { createUploadedVideo } from "./_harness/videos.ts";
import { signUpAndIn } from "./_harness/accounts.ts";

async function signUp(client: TestClient, sql: import("../lib/db/mod.ts").Sql, role?: string) {
  const r = await signUpAndIn(client, {
    json: { email: testEmail("jobs"), password: GOOD_PASSWORD, displayName: "Jobs" },
  });
  assert.equal(r.status, 200);
  const { user } = await r.json();
  if (role) await sql`update users set role = ${role} where id = ${user.id}`;
  return user.id as string;
}

async function until(check: () => Promise<boolean>, what: string) {
  for (let i = 0; i < 750; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.fail(`timed out waiting for ${what}`);
}

Deno.test("admins see the queue, cancel a running job (its signal aborts) and retry a dead one", async () => {
  const s = await openTestServices();
  const sql = s.db.sql;
  let aborted: unknown;
  let failures = 0;
  const block = defineJob({
    kind: "block",
    payload: z.object({}),
    handler: (ctx) =>
      new Promise((_, reject) => {
        ctx.signal.addEventListener("abort", () => {
          aborted = ctx.signal.reason;
          reject(ctx.signal.reason);
        });
      }),
  });
  const once = defineJob({
    kind: "once",
    payload: z.object({}),
    handler: () =>
      failures++ ? Promise.resolve() : Promise.reject(new ValidationError("bad input")),
  });
  const runner = startRunner(sql, {
    workerId: "w-test",
    concurrency: 2,
    pollMs: 20,
    leaseMs: 1000,
    retryBaseMs: 10,
    jobs: [block, once],
  });
  try {
    const app = createApp(s, { rateLimits: { auth: 1000 } });
    const admin = new TestClient(app);
    const creator = new TestClient(app);
    await signUp(admin, sql, "admin");
    const creatorId = await signUp(creator, sql);
    const { id: blockId } = await block.enqueue(sql, {}, { ownerId: creatorId });
    const { id: onceId } = await once.enqueue(sql, {});
    await until(async () => (await getJob(sql, blockId))?.state === "running", "the block job");
    await until(async () => (await getJob(sql, onceId))?.state === "dead", "the dead letter");
    await setProgress(sql, blockId, 42);

    assert.equal((await app.request("/api/v1/admin/jobs")).status, 401);
    const denied = await creator.request("/api/v1/admin/jobs");
    assert.equal(denied.status, 403);
    await denied.body?.cancel();
    const view = await admin.request("/api/v1/admin/jobs");
    assert.equal(view.status, 200);
    const body = await view.json();
    // Each sign-up queued its verification mail too (no runner here sends mail).
    assert.deepEqual(body.counts.filter((c: { kind: string }) => c.kind !== "account_mail"), [
      { kind: "block", state: "running", count: 1 },
      { kind: "once", state: "dead", count: 1 },
    ]);
    assert.equal(body.running.length, 1);
    assert.deepEqual(
      [body.running[0].id, body.running[0].progress, body.running[0].workerId],
      [blockId, 42, "w-test"],
    );
    assert.equal(body.running[0].ownerId, creatorId);
    assert.deepEqual([body.dead[0].id, body.dead[0].error], [onceId, "bad input"]);

    const cancel = await admin.request(`/api/v1/admin/jobs/${blockId}/cancel`, { method: "POST" });
    assert.equal(cancel.status, 202);
    assert.equal((await cancel.json()).cancelRequested, true);
    await until(async () => (await getJob(sql, blockId))?.state === "cancelled", "the cancel");
    assert.ok(aborted instanceof JobAbort && aborted.reason === "cancelled", String(aborted));
    const again = await admin.request(`/api/v1/admin/jobs/${blockId}/cancel`, { method: "POST" });
    assert.equal(again.status, 409);
    await again.body?.cancel();
    const unknown = await admin.request(`/api/v1/admin/jobs/${crypto.randomUUID()}/cancel`, {
      method: "POST",
    });
    assert.equal(unknown.status, 404);
    await unknown.body?.cancel();
    const bad = await admin.request("/api/v1/admin/jobs/nope/retry", { method: "POST" });
    assert.equal(bad.status, 400);
    await bad.body?.cancel();
    const byCreator = await creator.request(`/api/v1/admin/jobs/${onceId}/retry`, {
      method: "POST",
    });
    assert.equal(byCreator.status, 403);
    await byCreator.body?.cancel();

    const retry = await admin.request(`/api/v1/admin/jobs/${onceId}/retry`, { method: "POST" });
    assert.equal(retry.status, 202);
    await until(async () => (await getJob(sql, onceId))?.state === "succeeded", "the retry");
    const notDead = await admin.request(`/api/v1/admin/jobs/${onceId}/retry`, { method: "POST" });
    assert.equal(notDead.status, 409);
    await notDead.body?.cancel();
  } finally {
    await runner.stop();
    await s.close();
  }
});

Deno.test("cancelling a queued transcode fails its video with a reason its owner can read", async () => {
  const s = await openTestServices();
  try {
    const app = createApp(s, { rateLimits: { auth: 1000 } });
    const admin = new TestClient(app);
    await signUp(admin, s.db.sql, "admin");
    const videoId = await createUploadedVideo(
      { sql: s.db.sql, storage: s.storage },
      new Uint8Array(8),
    );
    const { id } = await enqueueTranscode(s.db.sql, videoId);
    const r = await admin.request(`/api/v1/admin/jobs/${id}/cancel`, { method: "POST" });
    assert.equal(r.status, 202);
    assert.equal((await r.json()).state, "cancelled");
    const status = await getProcessingStatus(s.db.sql, videoId);
    assert.equal(status?.status, "failed");
    assert.match(status?.error ?? "", /cancelled by an administrator/);
  } finally {
    await s.close();
  }
});
