/**
 * The remote runners' API (routes/api/v1/runners.ts): tokens issued and
 * revoked on /admin/runners (hashed, audited), claim/renew/complete/fail over
 * HTTP, the lease checked on every call, keys outside the job's own prefix
 * refused, hostile bodies answered with 4xx, and fencing between a runner and
 * a local worker (only the lease holder finishes a job).
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import type { Hono } from "hono";
import { createApp } from "../app.ts";
import { ConflictError } from "../lib/errors.ts";
import { claimJob, completeJob, enqueueJob, getJob, requeueExpired } from "../lib/queue/mod.ts";
import { issueRunnerToken, revokeRunnerToken } from "../lib/runners/tokens.ts";
import { mediaKey } from "../lib/storage/layout.ts";
import { sqlTranscodeCatalog } from "../lib/videos/transcode_catalog.ts";
import { enqueueTranscode, transcodeBudget } from "../lib/videos/transcode_job.ts";
import { account } from "./_harness/moderation.ts";
import { openTestServices } from "./_harness/services.ts";
import { createUploadedVideo } from "./_harness/videos.ts";

type S = Awaited<ReturnType<typeof openTestServices>>;
const actor = { id: "", name: "test admin" };

/** The admin the lib-level calls act as (a real user row: the audit log names it). */
async function admin(s: S) {
  const [u] = await s.db.sql<{ id: string }[]>`
    insert into users (email, password_hash, display_name, role)
    values (${`a${crypto.randomUUID()}@example.test`}, 'x', 'Admin', 'admin') returning id`;
  actor.id = u.id;
}

/** Calls the runner API as `token`. */
function runner(app: Hono, token: string) {
  return (
    path: string,
    init: {
      lease?: string;
      json?: unknown;
      method?: string;
      body?: BodyInit;
      headers?: HeadersInit;
    } = {},
  ) => {
    const headers = new Headers(init.headers);
    headers.set("x-runner-token", token);
    if (init.lease) headers.set("x-runner-lease", init.lease);
    let body = init.body;
    if (init.json !== undefined) {
      headers.set("content-type", "application/json");
      body = JSON.stringify(init.json);
    }
    return app.request(`http://localhost/api/v1/runners/${path}`, {
      method: init.method ?? "POST",
      headers,
      body,
    });
  };
}

async function setup(env: Record<string, string> = {}) {
  const s = await openTestServices({ env });
  const app = createApp(s);
  await admin(s);
  const issued = await issueRunnerToken(s.db.sql, { name: "r1", kinds: ["transcode"] }, { actor });
  const video = await createUploadedVideo(
    { sql: s.db.sql, storage: s.storage },
    new TextEncoder().encode("not really a video"),
  );
  const { id: jobId } = await enqueueTranscode(s.db.sql, video);
  return { s, app, call: runner(app, issued.token), issued, video, jobId };
}

async function claimed(call: ReturnType<typeof runner>) {
  const r = await call("claim", { json: { name: "host-a" } });
  assert.equal(r.status, 200, await r.clone().text());
  return await r.json() as { job: { id: string; videoId: string }; lease: { token: string } };
}

async function status(r: Response | Promise<Response>): Promise<number> {
  const res = await r;
  await res.body?.cancel();
  return res.status;
}

Deno.test("an admin issues a runner token (shown once, stored hashed), revokes it, and both are audited", async () => {
  const s = await openTestServices();
  try {
    const app = createApp(s);
    const admin = await account(app, s.db.sql, "admin");
    const creator = await account(app, s.db.sql, "creator");
    const refused = await creator.client.request("/admin/runners", {
      form: { name: "sneaky", kind_transcode: "on" },
    });
    assert.equal(refused.status, 403);
    const bad = await admin.client.request("/admin/runners", { form: { name: "" } });
    assert.equal(bad.status, 400);
    const r = await admin.client.request("/admin/runners", {
      form: { name: "gpu-box", kind_transcode: "on" },
    });
    assert.equal(r.status, 201);
    const token = /vfr_[A-Za-z0-9_-]{43}/.exec(await r.text())?.[0];
    assert.ok(token, "the page shows the new token");
    const [row] = await s.db.sql`select id, token_hash, kinds from runner_tokens`;
    assert.equal(row.token_hash, createHash("sha256").update(token).digest("hex"));
    assert.deepEqual(row.kinds, ["transcode"]);
    const listed = await (await admin.client.request("/admin/runners")).text();
    assert.ok(
      listed.includes("gpu-box") && !listed.includes(token),
      "listed, token not shown again",
    );
    const call = runner(app, token);
    const reg = await call("register", { json: { name: "gpu-box-1" } });
    assert.equal(reg.status, 200);
    assert.deepEqual((await reg.json()).kinds, ["transcode"]);
    const revoke = await admin.client.request(`/admin/runners/${row.id}/revoke`, { form: {} });
    assert.equal(revoke.status, 303);
    assert.equal(await status(call("register", { json: { name: "gpu-box-1" } })), 401);
    const audit = await s.db.sql`
      select action, target_id, actor_id from audit_log where target_kind = 'runner' order by id`;
    assert.deepEqual(audit.map((a) => a.action), ["runner.issue", "runner.revoke"]);
    assert.ok(audit.every((a) => a.target_id === row.id && a.actor_id === admin.id));
  } finally {
    await s.close();
  }
});

Deno.test("a runner claims, renews, reads its source, writes only under its job's prefix and completes once", async () => {
  const { s, app, call, video, jobId } = await setup();
  try {
    const { job, lease } = await claimed(call);
    assert.equal(job.id, jobId);
    assert.equal(job.videoId, video);
    assert.equal(await status(call("claim", { json: { name: "host-a" } })), 204, "nothing else");
    const on = (op: string, json?: unknown, l = lease.token) =>
      call(`jobs/${jobId}/${op}`, { lease: l, json });
    const renewed = await on("renew");
    assert.deepEqual(await renewed.json(), { state: "ok" });
    assert.equal(await status(on("renew", undefined, crypto.randomUUID())), 409, "wrong lease");
    const source = await (await on("catalog", { op: "source" })).json();
    const sourceKey = source.result.sourceKey as string;
    assert.equal(source.result.gone, false);
    const dl = await (await on("download", { key: sourceKey })).json();
    const got = await app.request(new URL(dl.url).pathname + new URL(dl.url).search);
    assert.equal(await got.text(), "not really a video", "the signed URL serves the source");
    assert.equal(await status(on("download", { key: "avatars/x/y.jpg" })), 403);
    const put = (key: string, body = "#EXTM3U\n", l = lease.token) =>
      call(`jobs/${jobId}/objects?key=${encodeURIComponent(key)}`, {
        method: "PUT",
        lease: l,
        body,
        headers: { "content-length": String(body.length) },
      });
    const own = mediaKey(video, "360p/index.m3u8");
    assert.equal(await status(put(own)), 204);
    assert.equal(
      await new Response((await s.storage.get(own))!.body).text(),
      "#EXTM3U\n",
    );
    const other = crypto.randomUUID();
    for (
      const key of [
        sourceKey,
        mediaKey(other, "master.m3u8"),
        `${mediaKey(video, "")}../x.m4s`,
        mediaKey(video, "a/../../b.m4s"),
      ]
    ) {
      assert.equal(await status(put(key)), 403, key);
    }
    const list = await (await call(`jobs/${jobId}/objects`, { method: "GET", lease: lease.token }))
      .json();
    assert.deepEqual(list.objects.map((o: { key: string }) => o.key), [own]);
    assert.equal(
      await status(on("catalog", {
        op: "master",
        masterKey: mediaKey(other, "master.m3u8"),
        renditions: [{
          name: "360p",
          width: 640,
          height: 360,
          bitrate: 1,
          codecs: "avc1",
          playlistKey: own,
        }],
      })),
      403,
      "a master outside the job's prefix",
    );
    assert.equal(await status(on("complete")), 200);
    assert.equal((await getJob(s.db.sql, jobId))?.state, "succeeded");
    assert.equal(await status(on("complete")), 200, "a retried completion is answered as done");
    const r2 = await issueRunnerToken(s.db.sql, { name: "r2", kinds: ["transcode"] }, { actor });
    const stranger = runner(app, r2.token)(`jobs/${jobId}/complete`, { lease: lease.token });
    assert.equal(await status(stranger), 409, "but not for another runner");
    const [done] = await s.db.sql`select state, attempts from jobs where id = ${jobId}`;
    assert.deepEqual({ ...done }, { state: "succeeded", attempts: 1 });
    assert.equal(await status(put(own)), 409, "no writes after the lease ends");
  } finally {
    await s.close();
  }
});

Deno.test("a failed attempt is retried; a permanent failure fails the video with its reason", async () => {
  const { s, call, video, jobId } = await setup();
  try {
    let { lease } = await claimed(call);
    const fail = (json: unknown) => call(`jobs/${jobId}/fail`, { lease: lease.token, json });
    assert.deepEqual(await (await fail({ error: "ffmpeg crashed" })).json(), { outcome: "retry" });
    assert.equal((await getJob(s.db.sql, jobId))?.state, "ready");
    await s.db.sql`update jobs set run_at = now() where id = ${jobId}`;
    ({ lease } = await claimed(call));
    const r = await fail({ error: "The video is too long for this server.", permanent: true });
    assert.deepEqual(await r.json(), { outcome: "dead" });
    const [v] = await s.db.sql`select status, status_reason from videos where id = ${video}`;
    assert.equal(v.status, "failed");
    assert.equal(v.status_reason, "The video is too long for this server.");
  } finally {
    await s.close();
  }
});

Deno.test("a token revoked mid-job: its calls are refused and the job goes back to the queue", async () => {
  const { s, app, call, issued, jobId } = await setup();
  try {
    const { lease } = await claimed(call);
    const { released } = await revokeRunnerToken(s.db.sql, issued.id, { actor });
    assert.deepEqual(released, [jobId]);
    const renew = call(`jobs/${jobId}/renew`, { lease: lease.token });
    assert.equal(await status(renew), 401);
    const other = await issueRunnerToken(s.db.sql, { name: "r2", kinds: ["transcode"] }, { actor });
    const again = await claimed(runner(app, other.token));
    assert.equal(again.job.id, jobId, "the next claim reaps the expired lease and takes the job");
    assert.equal((await getJob(s.db.sql, jobId))?.attempts, 2);
  } finally {
    await s.close();
  }
});

Deno.test("a local worker and a runner never both finish one job (fenced by the lease token)", async () => {
  const { s, call, jobId, video } = await setup();
  const sql = s.db.sql;
  try {
    // The runner's lease expires; a local worker reaps and claims the job.
    const { lease } = await claimed(call);
    await sql`update jobs set lease_expires_at = now() - interval '1 second' where id = ${jobId}`;
    await requeueExpired(sql);
    const local = await claimJob(sql, "local", { leaseMs: 30_000, kinds: ["transcode"] });
    assert.equal(local?.job.id, jobId);
    const on = (op: string, json?: unknown) =>
      call(`jobs/${jobId}/${op}`, { lease: lease.token, json });
    assert.equal(await status(on("catalog", { op: "finished" })), 409);
    assert.equal(await status(on("complete")), 409);
    // Now the other way round: the local worker's lease expires and a runner takes the job.
    await sql`update jobs set lease_expires_at = now() - interval '1 second' where id = ${jobId}`;
    const second = await claimed(call);
    assert.equal(second.job.id, jobId);
    const stale = sqlTranscodeCatalog(sql, {
      id: jobId,
      attempts: local!.job.attempts,
      leaseToken: local!.lease.token,
      videoId: video,
    }, transcodeBudget(s.config));
    await assert.rejects(stale.ready({}), ConflictError);
    assert.equal(await completeJob(sql, local!), false, "the stale local worker finishes nothing");
    assert.equal(await status(call(`jobs/${jobId}/complete`, { lease: second.lease.token })), 200);
    const [row] = await sql`select state, attempts from jobs where id = ${jobId}`;
    assert.deepEqual({ ...row }, { state: "succeeded", attempts: 3 });
  } finally {
    await s.close();
  }
});

Deno.test("runners take only their kinds, and the web tier enforces a job's time limit", async () => {
  const { s, call, jobId, video } = await setup();
  try {
    await s.db.sql`update jobs set run_at = now() + interval '1 hour' where id = ${jobId}`;
    await enqueueJob(s.db.sql, { kind: "prune_jobs", payload: {} });
    assert.equal(
      await status(call("claim", { json: { name: "a" } })),
      204,
      "DB-only jobs stay local",
    );
    await assert.rejects(
      issueRunnerToken(s.db.sql, { name: "x", kinds: ["prune_jobs"] }, { actor }),
      /may take only/,
    );
    await s.db.sql`update jobs set run_at = now(), time_limit_ms = 1000 where id = ${jobId}`;
    const { lease } = await claimed(call);
    await s.db.sql`update jobs set started_at = now() - interval '1 hour' where id = ${jobId}`;
    assert.equal(await status(call(`jobs/${jobId}/renew`, { lease: lease.token })), 409);
    const [v] = await s.db.sql`select status, status_reason from videos where id = ${video}`;
    assert.equal(v.status, "failed");
    assert.match(v.status_reason, /longer than its 1 s limit/);
  } finally {
    await s.close();
  }
});

Deno.test("hostile runner input is answered with a 4xx, never a 500", async () => {
  const { s, app, call, jobId } = await setup();
  try {
    const anonymous = await app.request("http://localhost/api/v1/runners/claim", {
      method: "POST",
      body: "{}",
      headers: { "content-type": "application/json" },
    });
    assert.equal(await status(anonymous), 401);
    assert.equal(
      await status(runner(app, "vfr_" + "a".repeat(43))("claim", { json: { name: "a" } })),
      401,
    );
    assert.equal(await status(runner(app, "x\u0001")("claim", { json: { name: "a" } })), 401);
    assert.equal(await status(call("claim", { json: { name: "a/../b" } })), 400);
    assert.equal(await status(call("claim", { body: "{nope" })), 400);
    const { lease } = await claimed(call);
    const on = (op: string, json: unknown) =>
      call(`jobs/${jobId}/${op}`, { lease: lease.token, json });
    const rendition = {
      name: "x",
      width: 1,
      height: 1,
      bitrate: 1,
      codecs: "avc1",
      playlistKey: "k",
    };
    const cases: [string, unknown, number][] = [
      ["fail", { error: "x".repeat(5000) }, 400],
      ["fail", { error: 42 }, 400],
      ["catalog", { op: "progress", percent: 1e9 }, 400],
      ["catalog", { op: "drop table" }, 400],
      ["catalog", { op: "master", masterKey: "m", renditions: Array(100).fill(rendition) }, 400],
      ["catalog", { op: "measured", width: 7680, height: 4320, fps: 120, durationS: 1e6 }, 413],
      ["release", { reason: "whatever" }, 400],
    ];
    for (const [op, json, want] of cases) {
      assert.equal(await status(on(op, json)), want, `${op} ${JSON.stringify(json).slice(0, 60)}`);
    }
    assert.equal(await status(call(`jobs/${jobId}/renew`, { lease: "not-a-uuid" })), 400);
    assert.equal(await status(call(`jobs/not-a-uuid/renew`, { lease: lease.token })), 400);
    const huge = call(`jobs/${jobId}/objects?key=x`, {
      method: "PUT",
      lease: lease.token,
      body: "x",
      headers: { "content-length": String(1024 ** 3) },
    });
    assert.equal(await status(huge), 413);
    assert.equal((await getJob(s.db.sql, jobId))?.state, "running", "none of it touched the job");
  } finally {
    await s.close();
  }
});
